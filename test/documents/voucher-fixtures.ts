/**
 * Fixtures of the voucher tests: a case put into `confirmed` through the lifecycle (decided → published → confirmed,
 * as the scheduler's confirmation will), its holder's bound identity and privacy acceptance, an agent's entrustment,
 * private file storage in a temporary folder, and the documents function with fixed random bytes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APPLICATION, transition } from '../../shared/lifecycle';
import { PRIVACY_NOTICE_VERSION, type Envelope } from '../../shared/contracts';
import type { EntrustmentScope } from '../../shared/application/delegation';
import { createLocalFileStorage, type LocalFileStorage } from '../../cloudfunctions/_core/files';
import type { ApplicationRecord, EntrustmentRecord, Store } from '../../cloudfunctions/_core/store';
import { createDocuments } from '../../cloudfunctions/documents/handlers';
import { VERIFICATION_CODE_BYTES, verificationCodeFromBytes } from '../../shared/documents';
import { beijingMorning, seedDecided } from '../cloudfunctions/reviewer-fixtures';

/** The holder's openid, an agent's, a stranger's. */
export const HOLDER = 'wx-holder';
export const AGENT = 'wx-agent';
export const STRANGER = 'wx-stranger';

let reqSeq = 0;
/** A fresh request id. */
export const rid = (): string => `req-v-${String(++reqSeq).padStart(6, '0')}`;

/** Counting random bytes: every draw differs, every run the same; `codes` lists the verification codes drawn. */
export function countingBytes(): { bytes: (n: number) => Uint8Array; codes: string[] } {
  let k = 0;
  const codes: string[] = [];
  return {
    codes,
    bytes: (n) => {
      k++;
      const out = Uint8Array.from({ length: n }, (_, i) => (k * 31 + i * 7) & 0xff);
      if (n === VERIFICATION_CODE_BYTES) codes.push(verificationCodeFromBytes(out));
      return out;
    },
  };
}

/** Moves a stored case through the lifecycle to `to` (published, disputed or confirmed). */
export async function moveCase(
  store: Store,
  app: ApplicationRecord,
  to: 'published' | 'disputed' | 'confirmed' | 'voided',
): Promise<ApplicationRecord> {
  const tl = app.timeline as NonNullable<ApplicationRecord['timeline']>;
  let cur = app;
  const step = async (
    event: Parameters<typeof transition<string, string, unknown>>[2],
    actor: string,
    today: string,
  ) => {
    const status = transition(APPLICATION, cur.status, event as never, actor as never, {
      today,
      disputeDeadline: tl.disputeDeadline,
    });
    const at = beijingMorning(today).toISOString();
    const next: ApplicationRecord = { ...cur, status, updatedAt: at };
    if (status === 'published') next.publishedAt = at;
    if (status === 'confirmed') next.confirmedOn = today;
    await store.putApplication(next, { status: cur.status, updatedAt: cur.updatedAt });
    cur = next;
  };
  if (cur.status === 'decided') await step('publish', 'system', tl.resultDate);
  if (to === 'published') return cur;
  if (to === 'disputed') {
    await step('dispute', 'self', tl.resultDate);
    return cur;
  }
  if (cur.status === 'published') await step('confirm', 'system', '2021-11-19');
  if (to === 'voided') await step('void', 'admin', '2021-12-01');
  return cur;
}

/** Any answer of the documents function, for the tests to read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read each action's own fields
export type VoucherAnswer = any;

/** A world: store, files, the function, the confirmed case and who may call. */
export interface VoucherWorld {
  store: Store;
  files: LocalFileStorage;
  app: ApplicationRecord;
  call(event: unknown, openid: string | null, now: Date, clientIp?: string): Promise<Envelope<VoucherAnswer>>;
  /** The verification codes drawn so far (printed on the PDFs; the store has only their hashes). */
  codes: string[];
  /** Stored files under the storage root. */
  storedFiles(): string[];
}

/** Seeds a decided case (receipt sequence 123) of the holder, optionally moved on, with file storage. */
export async function voucherWorld(
  store: Store,
  to: 'decided' | 'published' | 'disputed' | 'confirmed' | 'voided' = 'confirmed',
): Promise<VoucherWorld> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouchers-'));
  const files = createLocalFileStorage({ root: dir, baseUrl: 'http://files.test', secret: 'test-secret' });
  const decided = await seedDecided(store, { id: 'app_v1', seq: 123, createdBy: HOLDER });
  const app = to === 'decided' ? decided : await moveCase(store, decided, to);
  await store.putIdentity({
    openid: HOLDER,
    personKey: app.personKey,
    name: app.identity.name,
    idNumber: app.identity.idNumber,
    mobile: app.identity.mobile,
    boundAt: '2021-09-01T00:00:00.000Z',
    updatedAt: '2021-09-01T00:00:00.000Z',
  });
  for (const openid of [HOLDER, AGENT, STRANGER]) {
    await store.putPrivacyAcceptance({
      openid,
      version: PRIVACY_NOTICE_VERSION,
      acceptedAt: '2021-09-01T00:00:00.000Z',
    });
  }
  const random = countingBytes();
  const fn = createDocuments({ randomBytes: random.bytes });
  return {
    codes: random.codes,
    store,
    files,
    app,
    call: (event, openid, now, clientIp) =>
      fn(event, { openid, clientIp: clientIp ?? null }, { store, files, now: () => now }),
    storedFiles: () =>
      fs.existsSync(dir)
        ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.pdf'))
        : [],
  };
}

/** Files the case under a verified entrustment of {@link AGENT} with `scope`. */
export async function entrust(store: Store, app: ApplicationRecord, scope: EntrustmentScope[]): Promise<void> {
  const at = '2021-09-20T02:00:00.000Z';
  const e: EntrustmentRecord = {
    id: 'e_agent',
    kind: 'employer',
    agentOpenid: AGENT,
    agent: { name: '李四', idNumber: '330106198001010011' } as EntrustmentRecord['agent'],
    principal: { name: app.identity.name, idNumber: app.identity.idNumber } as EntrustmentRecord['principal'],
    principalKey: app.personKey,
    employer: { uscc: '91330100MA27XXXX1X', name: '杭州某某科技有限公司' },
    scope,
    district: 'xihu',
    verifyBy: 'principal',
    status: 'active',
    confirmedByPrincipal: true,
    verifiedAt: at,
    verifiedBy: HOLDER,
    createdAt: at,
    updatedAt: at,
  };
  await store.putEntrustment(e);
  const cur = (await store.getApplication(app.id)) as ApplicationRecord;
  await store.putApplication({ ...cur, entrustmentId: e.id });
}
