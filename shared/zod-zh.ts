/**
 * zod's generic messages in Chinese, configured once for everything that validates. Only the zh-CN locale is pulled
 * in: `z.locales` would bundle all ~40 locales (≈260 KB) into the mini program.
 */
import { z } from 'zod';
import zhCN = require('zod/v4/locales/zh-CN.cjs');

z.config(zhCN());

export { z };
