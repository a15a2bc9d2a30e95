/** What only the SQLite adapter has: a file in WAL mode, versioned migrations, data that survives a reopen. */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Database from 'better-sqlite3';
import { openSqliteStore, SQLITE_MIGRATIONS } from '../../cloudfunctions/_core/store';

describe('SQLite store on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hz-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should use WAL, record the schema version, and keep data across a reopen', async () => {
    const file = join(dir, 'local.db');
    const a = openSqliteStore(file);
    const at = '2021-10-08T01:00:00.000Z';
    await a.putDraft({ id: 'd1', owner: 'alice', title: '草稿', profile: { x: 1 }, createdAt: at, updatedAt: at });
    a.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    raw.close();

    const b = openSqliteStore(file); // migrations already applied: nothing to redo
    expect(await b.getDraft('alice', 'd1')).toMatchObject({ title: '草稿', profile: { x: 1 } });
    b.close();
  });

  it('should refuse a database whose schema is newer than the code', () => {
    const file = join(dir, 'future.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this code/);
  });
});
