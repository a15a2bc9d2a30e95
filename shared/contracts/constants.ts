/** Contract constants without zod (shared/core.ts). */

/** Version of the privacy notice (个人信息保护指引) the client shows; acceptance is recorded per version. */
export const PRIVACY_NOTICE_VERSION = '2026-11';
