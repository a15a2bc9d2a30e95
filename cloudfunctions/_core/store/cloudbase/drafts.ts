/** CloudBase: 测算 drafts, scoped by owner; the profile is a JSON string (its keys come from users). */
import { COLLECTIONS, str, type CloudBaseDoc, type CloudBaseHelpers } from './db';
import type { CloudBaseArea } from './commit';
import type { DraftRecord } from '../records';

function draftOf(d: CloudBaseDoc): DraftRecord {
  return {
    id: str(d._id),
    owner: str(d.owner),
    title: str(d.title),
    profile: JSON.parse(str(d.profileJson)) as Record<string, unknown>,
    createdAt: str(d.createdAt),
    updatedAt: str(d.updatedAt),
  };
}

/** The drafts area. */
export function draftsArea({ col, byId, getAll }: CloudBaseHelpers): CloudBaseArea<'drafts'> {
  return {
    ops: {
      async getDraft(owner, id) {
        const d = await byId(COLLECTIONS.drafts, id);
        return d && d.owner === owner ? draftOf(d) : null;
      },
      async listDrafts(owner) {
        const q = col(COLLECTIONS.drafts).where({ owner }).orderBy('updatedAt', 'desc').orderBy('_id', 'desc');
        return (await getAll(q)).map(draftOf);
      },
      async countDrafts(owner) {
        return (await col(COLLECTIONS.drafts).where({ owner }).count()).total;
      },
      async putDraft(d) {
        await col(COLLECTIONS.drafts)
          .doc(d.id)
          .set({
            data: {
              owner: d.owner,
              title: d.title,
              profileJson: JSON.stringify(d.profile),
              createdAt: d.createdAt,
              updatedAt: d.updatedAt,
            },
          });
      },
      async removeDraft(owner, id) {
        // Ownership is checked before removing: a single-document remove cannot carry the condition.
        const d = await byId(COLLECTIONS.drafts, id);
        if (d && d.owner === owner) await col(COLLECTIONS.drafts).doc(id).remove();
      },
    },
  };
}
