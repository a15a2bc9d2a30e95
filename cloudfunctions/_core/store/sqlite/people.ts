/** SQLite: privacy acceptances, identity bindings (one ID number ↔ one openid), fraud findings, roles. */
import type { AreaOf } from '../areas';
import { roleScopeKey } from '../derived';
import { StoreConflictError } from '../errors';
import type { FraudFinding, IdentityRecord, RoleRecord } from '../records';
import { parse, type Db, type DocRow } from './rows';

/** The people and privacy area on one connection. */
export function peopleArea(db: Db): AreaOf<'people'> {
  const q = {
    // Only the time: the key columns equal the arguments (binary comparison), and a plucked text costs no row object
    // (this is read on every 测算 that carries an ID number).
    getPrivacy: db
      .prepare<[string, string], string>('SELECT accepted_at FROM privacy_acceptances WHERE openid = ? AND version = ?')
      .pluck(),
    putPrivacy: db.prepare(
      'INSERT INTO privacy_acceptances (openid, version, accepted_at) VALUES (?, ?, ?) ON CONFLICT (openid, version) DO UPDATE SET accepted_at = excluded.accepted_at',
    ),
    identity: db.prepare<[string], DocRow & { person_key: string }>(
      'SELECT doc, person_key FROM identities WHERE openid = ?',
    ),
    identityByPerson: db.prepare<[string], DocRow & { openid: string }>(
      'SELECT doc, openid FROM identities WHERE person_key = ?',
    ),
    putIdentity: db.prepare(
      'INSERT INTO identities (openid, person_key, doc) VALUES (?, ?, ?) ON CONFLICT (openid) DO UPDATE SET doc = excluded.doc',
    ),
    fraud: db.prepare<[string], DocRow>('SELECT doc FROM fraud_findings WHERE person_key = ? ORDER BY date, id'),
    putFraud: db.prepare(
      'INSERT INTO fraud_findings (id, person_key, date, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET person_key = excluded.person_key, date = excluded.date, doc = excluded.doc',
    ),
    rolesOf: db.prepare<[string], DocRow>('SELECT doc FROM roles WHERE openid = ? ORDER BY role, department'),
    roles: db.prepare<[], DocRow>('SELECT doc FROM roles ORDER BY openid, role, department'),
    putRole: db.prepare(
      'INSERT INTO roles (openid, role, department, doc) VALUES (?, ?, ?, ?) ON CONFLICT (openid, role, department) DO UPDATE SET doc = excluded.doc',
    ),
    removeRole: db.prepare('DELETE FROM roles WHERE openid = ? AND role = ? AND department = ?'),
  };
  return {
    async getPrivacyAcceptance(openid, version) {
      const acceptedAt = q.getPrivacy.get(openid, version);
      return acceptedAt === undefined ? null : { openid, version, acceptedAt };
    },
    async getIdentity(openid) {
      const r = q.identity.get(openid);
      return r ? parse<IdentityRecord>(r) : null;
    },
    async getIdentityByPerson(personKey) {
      const r = q.identityByPerson.get(personKey);
      return r ? parse<IdentityRecord>(r) : null;
    },
    async listFraudFindings(personKey) {
      return q.fraud.all(personKey).map((r) => parse<FraudFinding>(r));
    },
    async listRolesOf(openid) {
      return q.rolesOf.all(openid).map((r) => parse<RoleRecord>(r));
    },
    async listRoles() {
      return q.roles.all().map((r) => parse<RoleRecord>(r));
    },
    async putPrivacyAcceptance(rec) {
      q.putPrivacy.run(rec.openid, rec.version, rec.acceptedAt);
    },
    async putIdentity(rec) {
      const byPerson = q.identityByPerson.get(rec.personKey);
      if (byPerson && byPerson.openid !== rec.openid) throw new StoreConflictError('identity', rec.personKey);
      const byOpenid = q.identity.get(rec.openid);
      if (byOpenid && byOpenid.person_key !== rec.personKey) throw new StoreConflictError('identity', rec.personKey);
      q.putIdentity.run(rec.openid, rec.personKey, JSON.stringify(rec));
    },
    async putFraudFinding(rec) {
      q.putFraud.run(rec.id, rec.personKey, rec.date, JSON.stringify(rec));
    },
    async putRole(rec) {
      q.putRole.run(rec.openid, rec.role, roleScopeKey(rec.department, rec.district), JSON.stringify(rec));
    },
    async removeRole(openid, role, department, district) {
      q.removeRole.run(openid, role, roleScopeKey(department, district));
    },
  };
}
