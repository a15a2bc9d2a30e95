/**
 * zod's generic messages in Chinese, configured once for everything that validates. The build keeps only the
 * Chinese and English locales of zod in bundles (scripts/build/zod.ts), so `z.locales` costs little there.
 */
import * as z from 'zod/mini';

z.config(z.locales.zhCN());

export { z };
