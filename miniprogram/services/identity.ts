/** 我的身份: the caller's bound identity (`identity.*`), used to match entrustments naming them and their own cases. */
import type { IdentityRes } from '../../shared';
import { call } from './api';

/** The bound identity, or null. */
export async function getIdentity(): Promise<IdentityRes['identity']> {
  return (await call('applicant', 'identity.get', {})).identity;
}

/** Binds (or updates) the caller's identity. */
export async function bindIdentity(
  input: { name: string; idNumber: string; mobile: string },
  requestId: string,
): Promise<IdentityRes['identity']> {
  return (await call('applicant', 'identity.bind', input, { requestId })).identity;
}
