/**
 * zod's generic messages in Chinese, configured once for everything that validates: every schema module imports
 * this one beside `zod/mini`, so messages are Chinese whichever loads first. Schemas use zod/mini (the same
 * core and messages as the classic API, a fraction of its size in a bundle). The build keeps only the Chinese locale
 * of zod in bundles (scripts/build/zod.ts), so `z.locales` costs little there.
 */
import * as z from 'zod/mini';

z.config(z.locales.zhCN());

export { z };
