/** Upload limits, zod-free (shared/core.ts). */

/** Accepted upload types and the size limit (photos from camera or album, or PDF). */
export const MATERIAL_MIME_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
/** An accepted material type. */
export type MaterialMime = (typeof MATERIAL_MIME_TYPES)[number];
/** Largest accepted file: 10 MB. */
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;
