/** Field schemas several contracts share. */
import * as z from 'zod';

/** A record id in a request (application, task, material, entrustment, ticket, draft). */
export const recordId = z.string().min(1).max(64);
