/** Entry of the forked load generator: takes a LoadSpec from the parent, answers with the LoadResult, exits. */
import { runLoad, serveChild } from './load';

serveChild(runLoad);
