/**
 * Helpers of the case tests (test/cloudfunctions/cases-*.test.ts): a caller of the applicant function with a fixed or
 * moving clock and a local file storage in a temporary folder, people, tiny but genuine files, and uploads that go
 * the way the client's do (ticket → bytes to the storage → attach).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import zhangWei from '../../examples/zhang-wei-2021.json';
import { applicant } from '../../cloudfunctions/applicant/handlers';
import { createLocalFileStorage, type LocalFileStorage } from '../../cloudfunctions/_core/files';
import type { Store } from '../../cloudfunctions/_core/store';
import { PRIVACY_NOTICE_VERSION, type ApplicantApi, type Envelope } from '../../shared/contracts';
import { idCardCheckChar } from '../../shared/identity';
import { data, type Lenient, type ResOf } from './harness';

/** 2021-10-08 09:00 in Beijing (a Friday inside the 2021 window). */
export const OCT_08 = new Date('2021-10-08T01:00:00.000Z');
/** A Beijing instant at 09:00 on `day`. */
export const beijing9 = (day: string): Date => new Date(`${day}T01:00:00.000Z`);

/** A valid 18-digit ID number for a birth date (region Hangzhou 西湖区, sequence `seq`). */
export function idFor(birth: string, seq = '001'): string {
  const first17 = `330106${birth.replace(/-/g, '')}${seq}`;
  return first17 + idCardCheckChar(first17);
}

/** Zhang Wei's ID number (examples/zhang-wei-2021.json). */
export const ZHANG_ID = '330106198705120018';

/** An applicant identity as the form sends it. */
export function identityOf(idNumber: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '张伟',
    idNumber,
    mobile: '13800138000',
    permitNumber: 'ZJ3301001234',
    permitDistrict: 'xihu',
    permitValidFrom: '2020-01-01',
    permitValidTo: '2025-12-31',
    ...over,
  };
}

/** Zhang Wei's profile for another person (only the ID number changes). */
export function profileOf(idNumber: string): Record<string, unknown> {
  const p = JSON.parse(JSON.stringify(zhangWei)) as Record<string, unknown>;
  p.person = { name: '张伟', idNumber };
  return p;
}

/** Tiny files whose first bytes are what they claim (or not). */
export const FILES = {
  jpeg: Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0tiny jpeg'),
    Buffer.from([0xff, 0xd9]),
  ]),
  png: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('\0\0\0\rIHDRtiny png'),
  ]),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0), Buffer.from('This program cannot be run in DOS mode.')]),
  zip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('zip archive body')]),
};
const MIME = { jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf' } as const;

/** One test world: a store, a file storage, a clock, and calls as any openid. */
export interface World {
  store: Store;
  files: LocalFileStorage;
  /** The clock of every call (change it to move time). */
  clock: { now: Date };
  call<A extends string>(
    openid: string | null,
    action: A,
    payload?: unknown,
    requestId?: string,
  ): Promise<Envelope<Lenient<ResOf<ApplicantApi, A>>>>;
  /** A call that must succeed; its data, as the test reads it. */
  ok<A extends string>(openid: string, action: A, payload?: unknown): Promise<Lenient<ResOf<ApplicantApi, A>>>;
  close(): void;
}

let counter = 0;
/** A fresh request id. */
export const rid = (): string => `req-${String(++counter).padStart(8, '0')}`;

const MUTATIONS = new Set([
  'privacy.accept',
  'identity.bind',
  'application.save',
  'material.ticket',
  'material.attach',
  'material.remove',
  'application.submit',
  'entrustment.create',
  'entrustment.confirm',
  'entrustment.revoke',
  'entrustment.extend',
]);

/** A world over `store` (files in a fresh temporary folder; links point at `baseUrl`). */
export function world(store: Store, baseUrl = 'http://files.invalid'): World {
  const dir = mkdtempSync(join(tmpdir(), 'hz-files-'));
  const files = createLocalFileStorage({ root: dir, baseUrl, secret: 'test-secret' });
  const clock = { now: OCT_08 };
  const call = <A extends string>(openid: string | null, action: A, payload?: unknown, requestId?: string) => {
    const event: Record<string, unknown> = { action };
    if (payload !== undefined) event.payload = payload;
    if (requestId ?? MUTATIONS.has(action)) event.requestId = requestId ?? rid();
    return applicant(event, { openid }, { store, files, now: () => clock.now, log: () => undefined }) as Promise<
      Envelope<Lenient<ResOf<ApplicantApi, A>>>
    >;
  };
  return {
    store,
    files,
    clock,
    call,
    ok: async <A extends string>(openid: string, action: A, payload?: unknown) =>
      data(await call(openid, action, payload)),
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The caller accepts the privacy notice. */
export async function acceptPrivacy(w: World, openid: string): Promise<void> {
  await w.ok(openid, 'privacy.accept', { version: PRIVACY_NOTICE_VERSION });
}

/** The caller accepts the privacy notice and saves a new application for `idNumber` (张伟 by default); its id. */
export async function startApplication(w: World, openid: string, idNumber = ZHANG_ID): Promise<string> {
  await acceptPrivacy(w, openid);
  return (await w.ok(openid, 'application.save', { identity: identityOf(idNumber), profile: profileOf(idNumber) }))
    .application.applicationId;
}

/** The storage path a local upload URL points at. */
export function pathOfUpload(url: string): string {
  return new URL(url).pathname.replace(/^\/files\//, '');
}

/**
 * Uploads `bytes` the way the client does: a ticket (claiming `kind` and the size), the bytes to the storage (what the
 * local cloud's PUT does), then attach. Returns the attach envelope.
 */
export async function upload(
  w: World,
  openid: string,
  target: Record<string, unknown>,
  kind: keyof typeof MIME,
  bytes: Buffer = FILES[kind],
  fileName = `材料.${kind === 'jpeg' ? 'jpg' : kind}`,
): Promise<Envelope<Lenient<ResOf<ApplicantApi, 'material.attach'>>>> {
  const ticket = await w.ok(openid, 'material.ticket', { target, fileName, mime: MIME[kind], size: bytes.length });
  const path = pathOfUpload(ticket.upload.url);
  await w.files.write(path, bytes);
  return w.call(openid, 'material.attach', { ticketId: ticket.ticketId, fileId: path });
}

/** Uploads one PDF for every required checklist line of an application still missing. */
export async function uploadAllMissing(w: World, openid: string, applicationId: string): Promise<void> {
  const { application } = await w.ok(openid, 'application.get', { applicationId });
  for (const key of application.missing as string[]) {
    if (key === 'entrustment') continue;
    data(await upload(w, openid, { applicationId, key }, 'pdf'));
  }
}
