/** Field schemas several contracts share. */
import * as z from 'zod/mini';
import '../zod-zh';

/** A record id in a request (application, task, material, entrustment, ticket, draft). */
export const recordId = z.string().check(z.minLength(1), z.maxLength(64));
