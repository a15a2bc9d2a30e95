/**
 * What durability costs (`npm run bench`): the same writes through the applicant function, in this process, with
 * SQLite `synchronous = FULL` (what the local cloud runs: every commit fsyncs its WAL) and `NORMAL` (the former
 * setting) side by side, alternating rounds in fresh temporary folders on the same disk:
 *
 * - `draft.save`: one transaction per request (the request record, the draft, the audit entry);
 * - upload + `material.attach`: the file written and fsynced with its folder, then read back, hashed, sealed and
 *   committed (the file's fsyncs are in both columns; only SQLite's setting differs).
 *
 * One request at a time (the local cloud serialises its connection anyway), so the ratio is the disk's share.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalFileStorage } from '../../cloudfunctions/_core/files';
import { openSqliteStore, type SqliteStoreOptions } from '../../cloudfunctions/_core/store/sqlite';
import { applicant } from '../../cloudfunctions/applicant/handlers';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { idCardCheckChar } from '../../shared/identity';
import { isMain } from '../cli/is-main';

type Mode = NonNullable<SqliteStoreOptions['synchronous']>;

/** Requests per second of one kind of write in each mode (median of the rounds), and FULL ÷ NORMAL. */
export interface DurabilityRow {
  what: string;
  full: number;
  normal: number;
  ratio: number;
}

/** The measured rows and how they were measured. */
export interface DurabilityBench {
  rows: DurabilityRow[];
  rounds: number;
  secondsPerRound: number;
  folder: string;
}

const NOW = new Date('2021-10-08T02:00:00.000Z'); // a working day inside the 2021 window
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/** One round in `mode`: draft.save for `seconds`, then upload + attach for `seconds`; requests/s of each. */
async function round(
  mode: Mode,
  seconds: number,
  profile: Record<string, unknown>,
): Promise<{ drafts: number; attaches: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-durable-${mode.toLowerCase()}-`));
  const store = openSqliteStore(path.join(dir, 'bench.sqlite'), { synchronous: mode });
  const files = createLocalFileStorage({
    root: path.join(dir, 'files'),
    baseUrl: 'http://127.0.0.1:9',
    secret: 'bench',
  });
  let n = 0;
  const deps = { store, files, now: () => NOW, log: () => undefined };
  const call = async (openid: string, action: string, payload: unknown) => {
    const env = await applicant({ action, payload, requestId: `bench-${mode}-${++n}` }, { openid }, deps);
    if (!env.ok) throw new Error(`${action} → ${env.code}: ${env.message}`);
    return env.data as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  try {
    // draft.save: new drafts and overwrites (≤ 50 drafts per person, so many people).
    let drafts = 0;
    let t0 = process.hrtime.bigint();
    const budget = BigInt(Math.round(seconds * 1e9));
    while (process.hrtime.bigint() - t0 < budget) {
      const drafter = `bench-drafter-${Math.floor(drafts / 40)}`;
      // Drafts are kept only after the privacy notice: each new drafter's acceptance is recorded first, untimed.
      if (drafts % 40 === 0) {
        const paused = process.hrtime.bigint();
        await store.putPrivacyAcceptance({
          openid: drafter,
          version: PRIVACY_NOTICE_VERSION,
          acceptedAt: NOW.toISOString(),
        });
        t0 += process.hrtime.bigint() - paused;
      }
      await call(drafter, 'draft.save', { title: `草稿 ${drafts}`, profile });
      drafts++;
    }
    const draftRate = drafts / (Number(process.hrtime.bigint() - t0) / 1e9);

    // upload + attach: applicants with an application each, ten files on each of their checklist lines.
    let attaches = 0;
    let person = 0;
    let slots: { openid: string; applicationId: string; key: string }[] = [];
    const nextSlots = async (): Promise<void> => {
      const openid = `bench-uploader-${person}`;
      const first17 = `330106198705${String(10 + (person % 18)).padStart(2, '0')}${String(person).padStart(3, '0').slice(-3)}`;
      person++;
      const idNumber = first17 + idCardCheckChar(first17);
      const p = { ...profile, person: { name: '张伟', idNumber } };
      await call(openid, 'privacy.accept', { version: PRIVACY_NOTICE_VERSION });
      const saved = await call(openid, 'application.save', {
        identity: {
          name: '张伟',
          idNumber,
          mobile: '13800138000',
          permitNumber: 'ZJ3301001234',
          permitDistrict: 'xihu',
          permitValidFrom: '2020-01-01',
          permitValidTo: '2025-12-31',
        },
        profile: p,
      });
      const applicationId = saved.application.applicationId as string;
      for (const key of saved.application.missing as string[])
        for (let i = 0; i < 10; i++) slots.push({ openid, applicationId, key });
    };
    let spent = BigInt(0);
    while (spent < budget) {
      if (slots.length === 0) await nextSlots(); // set-up, not timed
      const slot = slots.shift() as (typeof slots)[number];
      t0 = process.hrtime.bigint();
      const ticket = await call(slot.openid, 'material.ticket', {
        target: { applicationId: slot.applicationId, key: slot.key },
        fileName: '证书.pdf',
        mime: 'application/pdf',
        size: PDF.length,
      });
      const fileId = new URL(ticket.upload.url as string).pathname.replace(/^\/files\//, '');
      await files.write(fileId, PDF);
      await call(slot.openid, 'material.attach', { ticketId: ticket.ticketId, fileId });
      spent += process.hrtime.bigint() - t0;
      attaches++;
    }
    slots = [];
    return { drafts: draftRate, attaches: attaches / (Number(spent) / 1e9) };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `rounds` alternating rounds of each mode (FULL first, then NORMAL, …). */
export async function benchDurability(
  rounds = 3,
  secondsPerRound = 2,
  profile?: Record<string, unknown>,
): Promise<DurabilityBench> {
  const p =
    profile ??
    (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'zhang-wei-2021.json'), 'utf8')) as Record<
      string,
      unknown
    >);
  const got: Record<Mode, { drafts: number[]; attaches: number[] }> = {
    FULL: { drafts: [], attaches: [] },
    NORMAL: { drafts: [], attaches: [] },
  };
  for (let i = 0; i < rounds; i++) {
    for (const mode of ['FULL', 'NORMAL'] as const) {
      const r = await round(mode, secondsPerRound, p);
      got[mode].drafts.push(r.drafts);
      got[mode].attaches.push(r.attaches);
    }
  }
  const row = (what: string, k: 'drafts' | 'attaches'): DurabilityRow => {
    const full = median(got.FULL[k]);
    const normal = median(got.NORMAL[k]);
    return { what, full, normal, ratio: full / normal };
  };
  return {
    rows: [row('draft.save', 'drafts'), row('上传 + material.attach（文件两列都 fsync）', 'attaches')],
    rounds,
    secondsPerRound,
    folder: os.tmpdir(),
  };
}

if (isMain(__filename)) {
  void benchDurability().then((r) => {
    for (const x of r.rows)
      console.log(
        `${x.what}: FULL ${x.full.toFixed(0)}/s, NORMAL ${x.normal.toFixed(0)}/s, FULL/NORMAL ${x.ratio.toFixed(2)}`,
      );
  });
}
