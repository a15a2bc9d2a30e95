/**
 * Production entry of the reviewer function (deployed from dist/cloudfunctions/reviewer). Everything but the
 * platform glue is in handlers.ts.
 */
import * as cloud from 'wx-server-sdk';
import type { Envelope } from '../../shared/contracts';
import { createWxMain } from '../_core/wx';
import { reviewer } from './handlers';

// Once per instance; DYNAMIC_CURRENT_ENV is typed as a symbol the init options do not admit.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

const serve = createWxMain(reviewer);

/** The function's entry; the caller is `cloud.getWXContext().OPENID`, never a field of the event. */
export async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
  return serve(event, context);
}
