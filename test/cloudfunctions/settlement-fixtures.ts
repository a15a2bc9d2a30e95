/**
 * Fixtures of the settlement tests: people whose points cases reach `confirmed` through the lifecycle (decided →
 * published → confirmed) with exact totals (100, 99.5) from real profiles, their vouchers, the household-registration
 * window's reviewer, and callers of the applicant, reviewer, documents and scheduler functions over one store (SQLite,
 * or the CloudBase adapter over its fake) and one local file storage, on a clock the test moves.
 */
import { createLocalFileStorage, type LocalFileStorage } from '../../cloudfunctions/_core/files';
import { resultKeyOf } from '../../cloudfunctions/_core/documents';
import {
  createCloudBaseStore,
  openSqliteStore,
  type ApplicationRecord,
  type DocumentRecord,
  type Store,
} from '../../cloudfunctions/_core/store';
import { FakeCloudBaseDb } from '../store/cloudbase-fake';
import { applicant } from '../../cloudfunctions/applicant/handlers';
import { reviewer } from '../../cloudfunctions/reviewer/handlers';
import { createDocuments } from '../../cloudfunctions/documents/handlers';
import { scheduler, TIMER_CALLER } from '../../cloudfunctions/scheduler/handlers';
import { PRIVACY_NOTICE_VERSION, type Envelope } from '../../shared/contracts';
import { ProfileSchema, type Profile } from '../../shared/profile';
import { maskName } from '../../shared/identity';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { countingBytes, moveCase } from '../documents/voucher-fixtures';
import { pathOfUpload, FILES } from './cases-helpers';
import { grant, idNumberFor, profile60, seedDecided } from './reviewer-fixtures';

/** The window's reviewer (市公安局) and another department's. */
export const POLICE = 'wx-police';
export const EDUCATION = 'wx-education';

/** A Beijing instant at 10:00 on `day`. */
export const at10 = (day: string): Date => new Date(`${day}T02:00:00.000Z`);
/** A working Monday inside the 2021 settlement window (2021-11-01 … 12-15), after the cases' confirmation (11-19). */
export const APPLY_DAY = '2021-11-22';

/**
 * A profile whose verified total is exactly `total` (100 or 99.5) in the 2021 round: age 30, social insurance
 * (0.5 a month), 7 years of residence, 60 volunteer hours; 58 months give 100, 57 give 99.5.
 */
export function profileWith(total: '100' | '99.5', idNumber: string, over: Partial<Profile> = {}): Profile {
  const from = total === '100' ? '2016-12' : '2017-01';
  return ProfileSchema.parse({
    ...profile60(),
    person: { name: '王芳', idNumber },
    education: [],
    titles: [],
    records: [],
    rentals: [],
    honours: [],
    bloodDonations: [],
    charity: [],
    volunteer: [{ date: '2019-08-10', hours: 60 }],
    residence: [{ from: '2014-10-01', to: '2021-09-30', kind: 'permit' }],
    socialInsurance: [{ from, to: '2021-09', pension: true, medical: true, backPaid: false }],
    ...over,
  });
}

let seq = 100;
let reqs = 0;
/** A fresh request id. */
export const rid = (): string => `req-st-${String(++reqs).padStart(6, '0')}`;

/** A person with a points case, as the test sets them up. */
export interface Person {
  openid: string;
  app: ApplicationRecord;
}

/** Any answer of the functions, for the tests to read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read each action's own fields
export type Answer = Envelope<any>;

/** What the settlement tests call. */
export interface SettleWorld {
  store: Store;
  files: LocalFileStorage;
  clock: { now: Date };
  /** Verification codes drawn by the documents function (printed on PDFs only). */
  codes: string[];
  applicant(openid: string, action: string, payload?: unknown, mutation?: boolean): Promise<Answer>;
  reviewer(openid: string, action: string, payload?: unknown, mutation?: boolean): Promise<Answer>;
  documents(openid: string | null, action: string, payload?: unknown, mutation?: boolean): Promise<Answer>;
  scheduler(): Promise<Answer>;
  /** Everything but the audit log, to compare before and after a refusal. */
  business(): string;
  close(): void;
}

/** The applicant actions that change state (they need a request id). */
const MUTATIONS = new Set([
  'settlement.save',
  'settlement.submit',
  'settlement.resubmit',
  'material.ticket',
  'material.attach',
  'material.remove',
  'settlement.verify',
  'settlement.return',
  'settlement.reject',
  'settlement.settle',
  'notice.get',
  'voucher.issue',
]);

function event(action: string, payload: unknown, mutation: boolean | undefined): Record<string, unknown> {
  const e: Record<string, unknown> = { action };
  if (payload !== undefined) e.payload = payload;
  if (mutation ?? MUTATIONS.has(action)) e.requestId = rid();
  return e;
}

/** The store of a world and its business data (everything but the audit log) as JSON. */
function storeOf(adapter: 'sqlite' | 'cloudbase'): { store: Store; business: () => string; close: () => void } {
  if (adapter === 'cloudbase') {
    const fake = new FakeCloudBaseDb();
    return {
      store: createCloudBaseStore(fake),
      business: () => {
        const d = fake.dump() as Record<string, unknown>;
        delete d.audit_log;
        return JSON.stringify(d);
      },
      close: () => undefined,
    };
  }
  const sqlite = openSqliteStore(':memory:');
  return {
    store: sqlite,
    business: () => {
      const d = sqlite.dump();
      delete d.audit;
      return JSON.stringify(d);
    },
    close: () => sqlite.close(),
  };
}

/**
 * A world over a fresh store (in-memory SQLite, or the CloudBase adapter over the test fake), with 市公安局's and
 * 市教育局's reviewers.
 */
export async function settleWorld(adapter: 'sqlite' | 'cloudbase' = 'sqlite'): Promise<SettleWorld> {
  const { store, business, close } = storeOf(adapter);
  const dir = mkdtempSync(join(tmpdir(), 'hz-settle-'));
  const files = createLocalFileStorage({ root: dir, baseUrl: 'http://files.test', secret: 'test-secret' });
  const clock = { now: at10(APPLY_DAY) };
  const random = countingBytes();
  const docs = createDocuments({ randomBytes: random.bytes });
  const deps = () => ({ store, files, now: () => clock.now, log: () => undefined });
  await grant(store, POLICE, 'reviewer', '市公安局');
  await grant(store, EDUCATION, 'reviewer', '市教育局');
  return {
    store,
    files,
    clock,
    codes: random.codes,
    applicant: (openid, action, payload, mutation) => applicant(event(action, payload, mutation), { openid }, deps()),
    reviewer: (openid, action, payload, mutation) => reviewer(event(action, payload, mutation), { openid }, deps()),
    documents: (openid, action, payload, mutation) => docs(event(action, payload, mutation), { openid }, deps()),
    scheduler: () => scheduler({ action: 'publish' }, TIMER_CALLER, deps()),
    business,
    close: () => {
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A person whose points case is `to` (confirmed on 2021-11-19 by default), bound to `openid`, privacy accepted, and
 * — unless `voucher: false` — holding a voucher of the current result issued 2021-11-19.
 */
export async function person(
  w: SettleWorld,
  openid: string,
  o: {
    profile?: Profile;
    to?: 'published' | 'disputed' | 'confirmed';
    voucher?: false | 'current' | 'superseded';
  } = {},
): Promise<Person> {
  const profile = o.profile ?? profileWith('100', idNumberFor('1991-03-15', ++seq));
  const decided = await seedDecided(w.store, { id: `app_${openid}`, seq: ++seq, createdBy: openid, profile });
  const app = await moveCase(w.store, decided, o.to ?? 'confirmed');
  await w.store.putIdentity({
    openid,
    personKey: app.personKey,
    name: app.identity.name,
    idNumber: app.identity.idNumber,
    mobile: app.identity.mobile,
    boundAt: '2021-09-01T00:00:00.000Z',
    updatedAt: '2021-09-01T00:00:00.000Z',
  });
  await w.store.putPrivacyAcceptance({
    openid,
    version: PRIVACY_NOTICE_VERSION,
    acceptedAt: '2021-09-01T00:00:00.000Z',
  });
  if (o.voucher !== false) await w.store.putDocument(voucherOf(app, o.voucher === 'superseded' ? 'old' : undefined));
  return { openid, app };
}

/** A voucher of the case as voucher.issue stores it (its result key: the case's now, or a stale one). */
export function voucherOf(app: ApplicationRecord, staleKey?: string): DocumentRecord {
  const seqOf = Number(/-(\d{6})$/.exec(app.receipt?.number ?? '')?.[1]);
  const at = '2021-11-19T02:00:00.000Z';
  return {
    number: `PZ2021-${String(seqOf).padStart(6, '0')}-01`,
    kind: 'voucher',
    applicationId: app.id,
    personKey: app.personKey,
    maskedName: maskName(app.identity.name),
    roundId: app.roundId,
    policyVersion: app.result?.policyVersion ?? 'hz-2021',
    revision: 1,
    resultKey: staleKey ?? (resultKeyOf(app) as string),
    total: app.result?.total ?? '',
    confirmedOn: '2021-11-19',
    issuedOn: '2021-11-19',
    codeSalt: 'ab'.repeat(16),
    codeHash: 'cd'.repeat(32),
    fileId: `documents/${app.id}/v1.pdf`,
    sha256: 'ef'.repeat(32),
    size: 1000,
    status: 'issued',
    createdAt: at,
    updatedAt: at,
  };
}

/** What a complete save sends: an own deed in 西湖区, no family moving, both declarations made. */
export const SAVE = (applicationId: string, over: Record<string, unknown> = {}) => ({
  applicationId,
  destination: { district: 'xihu', address: '杭州市西湖区文三路 100 号 1 幢 201 室' },
  proofKind: 'own-deed',
  members: [],
  declarations: { noUrbanHukou: true, fullCapacity: true },
  ...over,
});

/** Uploads one PDF for every missing checklist line of the person's settlement application (as the client does). */
export async function uploadAll(w: SettleWorld, openid: string, applicationId: string): Promise<void> {
  const got = await w.applicant(openid, 'settlement.get', { applicationId });
  if (!got.ok) throw new Error(got.message);
  const s = got.data.settlement;
  for (const key of s.missing as string[]) {
    const t = await w.applicant(openid, 'material.ticket', {
      target: { applicationId: s.settlementId, key },
      fileName: '材料.pdf',
      mime: 'application/pdf',
      size: FILES.pdf.length,
    });
    if (!t.ok) throw new Error(t.message);
    const path = pathOfUpload(t.data.upload.url);
    await w.files.write(path, FILES.pdf);
    const a = await w.applicant(openid, 'material.attach', { ticketId: t.data.ticketId, fileId: path });
    if (!a.ok) throw new Error(a.message);
  }
}

/** Saves a complete settlement application, uploads its checklist and submits it; the submit envelope. */
export async function applyToSettle(w: SettleWorld, p: Person): Promise<Answer> {
  const saved = await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id));
  if (!saved.ok) throw new Error(saved.message);
  await uploadAll(w, p.openid, p.app.id);
  return w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id });
}
