/** SQLite: 测算 drafts, scoped by owner. */
import type { AreaOf } from '../areas';
import type { DraftRecord } from '../records';
import type { Db } from './rows';

interface DraftRow {
  id: string;
  owner: string;
  title: string;
  profile: string;
  created_at: string;
  updated_at: string;
}

function draftOf(r: DraftRow): DraftRecord {
  return {
    id: r.id,
    owner: r.owner,
    title: r.title,
    profile: JSON.parse(r.profile) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The drafts area on one connection. */
export function draftsArea(db: Db): AreaOf<'drafts'> {
  const s = {
    get: db.prepare<[string, string], DraftRow>('SELECT * FROM drafts WHERE id = ? AND owner = ?'),
    list: db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE owner = ? ORDER BY updated_at DESC, id DESC'),
    count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM drafts WHERE owner = ?'),
    put: db.prepare(
      `INSERT INTO drafts (id, owner, title, profile, created_at, updated_at) VALUES (@id, @owner, @title, @profile, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, title = excluded.title, profile = excluded.profile,
         created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ),
    remove: db.prepare('DELETE FROM drafts WHERE id = ? AND owner = ?'),
  };
  return {
    async getDraft(owner, id) {
      const row = s.get.get(id, owner);
      return row ? draftOf(row) : null;
    },
    async listDrafts(owner) {
      return s.list.all(owner).map(draftOf);
    },
    async countDrafts(owner) {
      return (s.count.get(owner) as { n: number }).n;
    },
    async putDraft(d) {
      s.put.run({ ...d, profile: JSON.stringify(d.profile) });
    },
    async removeDraft(owner, id) {
      s.remove.run(id, owner);
    },
  };
}
