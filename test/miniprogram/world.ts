/**
 * The cases journeys' world: one SQLite store, one movable clock, the local cloud's file storage, and pages rendered
 * for whoever is acting (each with their own openid). Roles are granted directly in the store, as the admin CLI
 * would record them.
 */
import type { SqliteStore } from '../../cloudfunctions/_core/store';
import type { Envelope, FunctionApis, FunctionName } from '../../shared/contracts';
import type { Lenient, ResOf } from '../cloudfunctions/harness';
import { HANGZHOU_DISTRICTS, idCardCheckChar, orgCodeCheckChar, usccCheckChar } from '../../shared';
import {
  byId,
  chooseOption,
  inProcessTransport,
  jpeg,
  nextPhotos,
  maxSetDataBytes,
  memoryStore,
  movableClock,
  recordSetDataMax,
  renderPage,
  settle,
  tapButton,
  testFiles,
  textOf,
  typeInto,
  waitFor,
  type Rendered,
  type TestFiles,
} from './harness';

/** Everything a journey acts in. */
export interface World {
  store: SqliteStore;
  clock: ReturnType<typeof movableClock>;
  files: TestFiles;
  /** Renders a page for `openid` (null: someone not logged in) and calls its onLoad with `query`. */
  open(page: string, openid: string | null, query?: Record<string, string>): Rendered;
  /**
   * Calls a function directly (setup and the scheduler), as `openid` (a `system:` id calls as the system, like the
   * timer); its envelope as the test reads it.
   */
  call<F extends FunctionName, A extends string>(
    openid: string,
    fn: F,
    action: A,
    payload?: unknown,
    requestId?: string,
  ): Promise<Lenient<Envelope<ResOf<FunctionApis[F], A>>>>;
  /** Grants a reviewer role for one department. */
  grantReviewer(openid: string, department: string): Promise<void>;
  /** The largest setData payload of every page rendered so far, with its page. */
  largest(): { bytes: number; page: string };
  close(): void;
}

/** A new world at `iso` (Beijing time). */
export function newWorld(iso: string): World {
  const store = memoryStore();
  const clock = movableClock(iso);
  const files = testFiles(clock.now);
  const rendered: { id: string; page: string }[] = [];
  let top = { bytes: 0, page: '' };
  const measure = () => {
    for (const r of rendered.splice(0)) {
      const b = maxSetDataBytes(r.id);
      if (b > top.bytes) top = { bytes: b, page: r.page };
    }
  };
  return {
    store,
    clock,
    files,
    open(page, openid, query = {}) {
      measure();
      const r = renderPage(page, inProcessTransport(store, openid, clock.now, files.storage));
      rendered.push({ id: r.id, page });
      // Pages get their query in onLoad (the home page has none).
      if (typeof r.comp.instance.onLoad === 'function') r.comp.instance.onLoad(query);
      return r;
    },
    async call<F extends FunctionName, A extends string>(
      openid: string,
      fn: F,
      action: A,
      payload: unknown = {},
      requestId?: string,
    ) {
      const t = inProcessTransport(store, openid, clock.now, files.storage, openid.startsWith('system:'));
      const env = await t(fn, requestId ? { action, payload, requestId } : { action, payload });
      return env as Lenient<Envelope<ResOf<FunctionApis[F], A>>>;
    },
    async grantReviewer(openid, department) {
      await store.putRole({
        openid,
        role: 'reviewer',
        department,
        grantedBy: 'test-admin',
        grantedAt: clock.now().toISOString(),
      });
    },
    largest() {
      measure();
      return top;
    },
    close() {
      files.close();
      store.close();
    },
  };
}

/** 张伟, the self-applicant of the cases tests, as 我的身份 binds him. */
export const ZHANG = { name: '张伟', idNumber: '330106198705120018', mobile: '13800001234' };

/**
 * The set-up a journey file shares: before each test a new world at `iso`, handed to `use`; after it the world is
 * closed, mocks are restored and `cleanup` undoes what the file set on globals; when the file ends, the largest setData
 * payload any of its pages sent is recorded (harness.ts `recordSetDataMax`).
 */
export function worldPerTest(
  testFile: string,
  iso: string,
  use: (w: World) => void,
  cleanup: () => void = () => undefined,
): void {
  let w: World;
  let largest = { bytes: 0, page: '' };
  beforeEach(() => {
    w = newWorld(iso);
    use(w);
  });
  afterEach(() => {
    const l = w.largest();
    if (l.bytes > largest.bytes) largest = l;
    w.close();
    jest.restoreAllMocks();
    cleanup();
  });
  afterAll(() => recordSetDataMax(testFile, largest.page, largest.bytes));
}

/** Waits until a page left its loading state. */
export async function loaded(p: Rendered, what = 'page loaded'): Promise<void> {
  await waitFor(() => p.comp.data.load && p.comp.data.load.state !== 'loading', what, 400);
}

/** Accepts the privacy notice on the privacy page (and binds 我的身份 when given). */
export async function acceptPrivacy(
  w: World,
  openid: string,
  identity?: { name: string; idNumber: string; mobile: string },
): Promise<void> {
  const p = w.open('privacy', openid);
  await loaded(p);
  await tapButton(p, 'accept-btn');
  await waitFor(() => p.comp.data.accepted === true, 'accepted');
  if (identity) {
    await waitFor(() => p.comp.data.identity.load.state === 'ready', 'identity loaded');
    await typeInto(p, 'identity-name', identity.name);
    await typeInto(p, 'identity-idNumber', identity.idNumber);
    await typeInto(p, 'identity-mobile', identity.mobile);
    await tapButton(p, 'identity-save');
    await waitFor(() => p.comp.data.identity.op.state !== 'saving', 'identity saved');
    if (p.comp.data.identity.op.state !== 'saved')
      throw new Error(`identity not saved: ${textOf(p, 'identity-message')}`);
  }
}

/** The applicant identity as typed on the apply page. */
export interface IdentityInput {
  name?: string;
  idNumber?: string;
  mobile: string;
  permitNumber: string;
  district: string;
  validFrom: string;
  validTo: string;
}

/** Fills the identity stage of the apply page (the district through its picker). */
export async function fillIdentity(p: Rendered, id: IdentityInput): Promise<void> {
  if (id.name !== undefined) await typeInto(p, 'id-name', id.name);
  if (id.idNumber !== undefined) await typeInto(p, 'id-idNumber', id.idNumber);
  await typeInto(p, 'id-mobile', id.mobile);
  await typeInto(p, 'id-permitNumber', id.permitNumber);
  const index = HANGZHOU_DISTRICTS.findIndex((d) => d.code === id.district);
  byId(p, 'id-permitDistrict-picker').dispatchEvent('change', { detail: { value: index } });
  await settle(2);
  await typeInto(p, 'id-permitValidFrom', id.validFrom);
  byId(p, 'id-permitValidTo-picker').dispatchEvent('change', { detail: { value: id.validTo } });
  await settle(2);
}

/** Goes to a stage of the apply page and waits for any save it triggers. */
export async function toStage(p: Rendered, stage: 'identity' | 'profile' | 'materials' | 'submit'): Promise<void> {
  byId(p, `stage-${stage}`).dispatchEvent('tap');
  await settle(2);
  await waitFor(() => p.comp.data.save.state !== 'saving', `stage ${stage}`, 400);
}

/** Goes to a step of the embedded profile form. */
export async function toStep(p: Rendered, index: number): Promise<void> {
  byId(p, `step-${index}`).dispatchEvent('tap');
  await settle(2);
}

/** Adds one education entry (本科, with diploma and degree) through the form. */
export async function addEducation(p: Rendered, obtainedOn: string): Promise<void> {
  await toStep(p, 1);
  await tapButton(p, 'add-education');
  await typeInto(p, 'f-education-0-obtainedOn', obtainedOn);
  await chooseOption(p, 'f-education-0-level', 2); // 本科
}

/** Adds one social insurance period through the form. */
export async function addInsurance(p: Rendered, from: string, to: string): Promise<void> {
  await toStep(p, 2);
  await tapButton(p, 'add-socialInsurance');
  await typeInto(p, 'f-socialInsurance-0-from', from);
  await typeInto(p, 'f-socialInsurance-0-to', to);
}

/** Taps a button and waits until `done` holds. */
export async function tapAndWait(p: Rendered, id: string, done: () => boolean, what: string): Promise<void> {
  await tapButton(p, id);
  await waitFor(done, what, 400);
}

/** A valid 18-digit ID number (GB 11643) for a birth date `YYYYMMDD`, region 330106, sequence `seq` (3 digits). */
export function idNumber(birth: string, seq: string): string {
  const first17 = `330106${birth}${seq}`;
  return first17 + idCardCheckChar(first17);
}

/** A valid unified social credit code (GB 32100) with organisation code body `body8`. */
export function uscc(body8: string): string {
  const first17 = `913301${'06'}${body8}${orgCodeCheckChar(body8)}`;
  return first17 + usccCheckChar(first17);
}

/** Ticks the 诚信承诺 on the apply page's submit stage (a first submission needs it). */
export async function pledge(p: Rendered): Promise<void> {
  if (p.comp.data.pledged) return;
  byId(p, 'pledge').dispatchEvent('tap');
  await settle(2);
  if (!p.comp.data.pledged) throw new Error('诚信承诺 not ticked');
}

/** 张伟's residence permit as the apply page's identity step takes it (西湖区). */
export const ZHANG_PERMIT = {
  mobile: ZHANG.mobile,
  permitNumber: 'ZJ3301062019001',
  district: 'xihu',
  validFrom: '2019-01-01',
  validTo: '2024-12-31',
} as const;

/**
 * 张伟 submits through the apply page on the world's clock: privacy (unless accepted already), the permit, 本科 with
 * its diploma photo (and social insurance when given), the 诚信承诺; the submission must be saved. Returns its id.
 */
export async function submitZhangByApplyPage(
  w: World,
  opts: { insurance?: [from: string, to: string]; privacyAccepted?: boolean } = {},
): Promise<string> {
  if (!opts.privacyAccepted) await acceptPrivacy(w, 'zhang', ZHANG);
  const p = w.open('apply', 'zhang');
  await loaded(p);
  await fillIdentity(p, ZHANG_PERMIT);
  await toStage(p, 'profile');
  await addEducation(p, '2009-06-30');
  if (opts.insurance) await addInsurance(p, ...opts.insurance);
  await toStage(p, 'materials');
  nextPhotos([jpeg('毕业证书.jpg')]);
  await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].state === 'attached', 'diploma attached');
  await toStage(p, 'submit');
  await pledge(p);
  await tapAndWait(p, 'submit-btn', () => p.comp.data.submit.state !== 'saving', 'submitted');
  if (p.comp.data.submit.state !== 'saved') throw new Error(`submission not saved: ${p.comp.data.submit.state}`);
  return (await w.store.listApplicationsByCreator('zhang'))[0].id;
}
