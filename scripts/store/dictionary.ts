/**
 * `npx tsx scripts/store/dictionary.ts > cloudfunctions/_core/store/sqlite/dictionary-v<N>.txt`: prints a deflate
 * dictionary for the SQLite store's packed documents (sqlite/packing.ts): the JSON of a decided application of the
 * zhang-wei example (profile, receipt, timeline and the engine's score sheet with every indicator's policy text),
 * which is what application documents and mutation responses repeat. A shipped dictionary is never changed (stored
 * rows need it byte for byte to be read): a better one is a new version beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildReceipt, caseTimeline, computeResult } from '../../shared/application';
import { createCalendar } from '../../shared/calendar';
import { findPolicy } from '../../shared/policy';
import { ProfileSchema } from '../../shared/profile';
import { ROUND_2021 } from '../../shared/rounds';
import type { ApplicationRecord } from '../../cloudfunctions/_core/store/types';
import { REPO_ROOT } from '../build/paths';

const policy = findPolicy(ROUND_2021.policyVersion) as NonNullable<ReturnType<typeof findPolicy>>;
const profile = ProfileSchema.parse(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'zhang-wei-2021.json'), 'utf8')),
);
const at = '2021-10-08T02:00:00.000Z';
const timeline = caseTimeline('2021-10-08', createCalendar([]));
const identity = {
  name: profile.person.name ?? '',
  idNumber: profile.person.idNumber ?? '',
  mobile: '13800138000',
  permitNumber: 'ZJ330100123456',
  permitDistrict: 'xihu' as const,
  permitValidFrom: '2020-01-01',
  permitValidTo: '2025-12-31',
};
const app: ApplicationRecord = {
  id: 'app_0123456789abcdef01234567',
  roundId: ROUND_2021.id,
  personKey: '0123456789abcdef0123456789abcdef',
  identity,
  profile: profile as unknown as Record<string, unknown>,
  status: 'decided',
  createdBy: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0',
  channel: 'online',
  acceptedOn: timeline.accepted,
  resultDate: timeline.resultDate,
  receipt: buildReceipt({
    roundId: ROUND_2021.id,
    seq: 1,
    acceptedOn: timeline.accepted,
    channel: 'online',
    identity,
    materials: [],
  }),
  timeline,
  policyVersion: policy.id,
  subscriptions: [{ openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0', kinds: ['result', 'correction'] }],
  result: { ...computeResult(profile, policy, ROUND_2021, []), computedAt: at, policyVersion: policy.id },
  createdAt: at,
  updatedAt: at,
  submittedAt: at,
  decidedAt: at,
};
process.stdout.write(JSON.stringify(app));
