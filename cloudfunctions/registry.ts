/**
 * Every cloud function by name, for the local cloud, the tests and the build. Must not import wx-server-sdk: only
 * the production entries (`cloudfunctions/<name>/index.ts`) do. It sits outside `_core` (which no function's code
 * may leave) and outside every function's folder (no function imports another), since it imports them all.
 */
import type { FunctionName } from '../shared/contracts';
import { applicant } from './applicant/handlers';
import { admin } from './admin/handlers';
import { documents } from './documents/handlers';
import { reviewer } from './reviewer/handlers';
import { scheduler } from './scheduler/handlers';
import type { FunctionHandler } from './_core/runtime';

export type { Caller, Deps, FunctionHandler } from './_core/runtime';

/**
 * The functions that have a server implementation. `FunctionApis` in shared/contracts already names the functions
 * of the next issues (reviewer, admin, scheduler); each joins this list with its implementation, and must be one of
 * `FunctionName` (a misspelt name is a type error).
 */
export type ImplementedFunction = Extract<FunctionName, 'applicant' | 'reviewer' | 'admin' | 'scheduler' | 'documents'>;

/** The implemented functions, by name. Look up a name from a request with `Object.prototype.hasOwnProperty`. */
export const FUNCTIONS: Record<ImplementedFunction, FunctionHandler> & Partial<Record<FunctionName, FunctionHandler>> =
  {
    applicant,
    reviewer,
    admin,
    scheduler,
    documents,
  };
