/**
 * CloudBase: privacy acceptances, identity bindings, fraud findings, roles. An identity is unique both ways: the
 * document `identities/<openid>` and the key document `identity_keys/<personKey>`, created once, whose `_id` makes an
 * ID number bound to one openid whatever runs concurrently.
 */
import type { DistrictCode } from '../../../../shared/application/districts';
import { roleScopeKey } from '../derived';
import { StoreConflictError } from '../errors';
import type { FraudFinding, IdentityRecord, RoleRecord } from '../records';
import type { CloudBaseArea } from './commit';
import { byString, COLLECTIONS as C, docOf, hashId, str, type CloudBaseHelpers } from './db';

const roleId = (openid: string, role: string, department: string | undefined, district?: DistrictCode): string =>
  hashId('role', openid, role, roleScopeKey(department, district));

/** The people and privacy area. */
export function peopleArea({ col, byId, createIfAbsent, getAll }: CloudBaseHelpers): CloudBaseArea<'people'> {
  /** Conflicts of binding `rec`: the ID number bound to another openid, or the openid to another ID number. */
  const identityConflict = async (rec: IdentityRecord): Promise<void> => {
    const key = await byId(C.identityKeys, rec.personKey);
    if (key && key.openid !== rec.openid) throw new StoreConflictError('identity', rec.personKey);
    const mine = await byId(C.identities, rec.openid);
    if (mine && mine.personKey !== rec.personKey) throw new StoreConflictError('identity', rec.personKey);
  };
  return {
    ops: {
      async getPrivacyAcceptance(openid, version) {
        const d = await byId(C.privacyAcceptances, hashId('privacy', openid, version));
        return d ? { openid: str(d.openid), version: str(d.version), acceptedAt: str(d.acceptedAt) } : null;
      },
      async getIdentity(openid) {
        const d = await byId(C.identities, openid);
        return d ? docOf<IdentityRecord>(d) : null;
      },
      async getIdentityByPerson(personKey) {
        const key = await byId(C.identityKeys, personKey);
        if (!key) return null;
        const d = await byId(C.identities, str(key.openid));
        return d && d.personKey === personKey ? docOf<IdentityRecord>(d) : null;
      },
      async listFraudFindings(personKey) {
        const q = col(C.fraudFindings).where({ personKey }).orderBy('date', 'asc').orderBy('_id', 'asc');
        return (await getAll(q)).map((d) => docOf<FraudFinding>(d));
      },
      async listRolesOf(openid) {
        const docs = await getAll(col(C.roles).where({ openid }).orderBy('_id', 'asc'));
        return docs.map((d) => docOf<RoleRecord>(d)).sort(byString((r) => `${r.role}\n${r.department ?? ''}`));
      },
      async listRoles() {
        const docs = await getAll(col(C.roles).orderBy('_id', 'asc'));
        return docs
          .map((d) => docOf<RoleRecord>(d))
          .sort(byString((r) => `${r.openid}\n${r.role}\n${r.department ?? ''}`));
      },
      async putPrivacyAcceptance(rec) {
        await col(C.privacyAcceptances)
          .doc(hashId('privacy', rec.openid, rec.version))
          .set({ data: { openid: rec.openid, version: rec.version, acceptedAt: rec.acceptedAt } });
      },
      async putIdentity(rec) {
        await identityConflict(rec);
        // The key document is the uniqueness: creating it fails when a concurrent binding took the ID number first.
        if (!(await createIfAbsent(C.identityKeys, { _id: rec.personKey, openid: rec.openid }))) {
          const key = await byId(C.identityKeys, rec.personKey);
          if (!key || key.openid !== rec.openid) throw new StoreConflictError('identity', rec.personKey);
        }
        await col(C.identities)
          .doc(rec.openid)
          .set({ data: { personKey: rec.personKey, docJson: JSON.stringify(rec) } });
      },
      async putFraudFinding(rec) {
        await col(C.fraudFindings)
          .doc(rec.id)
          .set({ data: { personKey: rec.personKey, date: rec.date, docJson: JSON.stringify(rec) } });
      },
      async putRole(rec) {
        const data: Record<string, unknown> = { openid: rec.openid, role: rec.role, docJson: JSON.stringify(rec) };
        if (rec.department !== undefined) data.department = rec.department;
        if (rec.district !== undefined) data.district = rec.district;
        await col(C.roles)
          .doc(roleId(rec.openid, rec.role, rec.department, rec.district))
          .set({ data });
      },
      async removeRole(openid, role, department, district) {
        await col(C.roles)
          .doc(roleId(openid, role, department, district))
          .remove();
      },
    },
    plans: {
      putIdentity: (rec) => ({ check: () => identityConflict(rec) }),
    },
  };
}
