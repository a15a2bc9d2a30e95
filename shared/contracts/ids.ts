/** Field schemas several contracts share. */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';

/** A record id in a request (application, task, material, entrustment, ticket, draft). */
export const recordId = checked(z.string(), z.minLength(1), z.maxLength(64));
