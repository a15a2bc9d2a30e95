/** Entry of the forked load generator: takes a LoadSpec from the parent, answers with the LoadResult, exits. */
import { runLoad, type LoadSpec } from './load';

process.once('message', (spec: LoadSpec) => {
  runLoad(spec).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (e: unknown) => process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) }, () => process.exit(1)),
  );
});
