/**
 * Production sending of the outbox through the subscribe-message API (`cloud.openapi.subscribeMessage.send`).
 * Pure of wx-server-sdk: the entry passes `cloud.openapi` in, the tests a fake.
 *
 * Configuration (environment variables of the scheduler function, 云开发控制台 → 云函数 → 配置):
 * - `SUBSCRIBE_TEMPLATE_RESULT`, `SUBSCRIBE_TEMPLATE_CORRECTION`, `SUBSCRIBE_TEMPLATE_DISPUTE`,
 *   `SUBSCRIBE_TEMPLATE_SETTLEMENT` (落户办理进度: every settlement step, so a long-term subscription template where
 *   the category allows one): template ids (订阅消息 → 我的模板). Without any,
 *   nothing is sent (messages stay recorded); without one of them, messages of that kind fail with a clear error.
 * - `SUBSCRIBE_FIELDS_RESULT`, `SUBSCRIBE_FIELDS_CORRECTION` (optional): JSON mapping each template keyword to a
 *   field of the message (`receiptNumber`, `resultDate`, `total`, `missing`; settlement: `step`, `detail`, `date`,
 *   `validUntil`) or, when it is no field, to literal
 *   text — e.g. `{"character_string1":"receiptNumber","date2":"resultDate","thing3":"请进入小程序查询积分结果"}`.
 *   Defaults: {@link DEFAULT_FIELDS}.
 * - `SUBSCRIBE_PAGE` (optional): the page a tap opens; `{applicationId}` is replaced.
 * - `SUBSCRIBE_STATE` (optional): `formal` (default), `trial` or `developer`.
 */
import type { OutboxMessage } from '../_core/store/types';
import type { SubscribeSender } from '../_core/publishing';

/** The part of `cloud.openapi` used here. */
export interface SubscribeOpenApi {
  subscribeMessage: {
    send(req: {
      touser: string;
      templateId: string;
      page?: string;
      data: Record<string, { value: string }>;
      miniprogramState?: 'developer' | 'trial' | 'formal';
    }): Promise<{ errCode?: number; errMsg?: string } | undefined>;
  };
}

/** Template keyword → message field (or literal text), per kind, when the environment does not say otherwise. */
export const DEFAULT_FIELDS: Record<OutboxMessage['kind'], Record<string, string>> = {
  result: { character_string1: 'receiptNumber', date2: 'resultDate', thing3: '积分结果已公布，请进入小程序查询' },
  correction: { character_string1: 'receiptNumber', thing2: 'missing', thing3: '申请需补正材料，请尽快处理' },
  dispute: { character_string1: 'receiptNumber', number2: 'total', thing3: '异议复核结果已公布，积分已确认' },
  settlement: { character_string1: 'receiptNumber', phrase2: 'step', thing3: 'detail', date4: 'date' },
};

/** WeChat's length limits by keyword type (longer values are refused by the API, so they are cut). */
const LIMITS: [RegExp, number][] = [
  [/^thing\d+$/, 20],
  [/^phrase\d+$/, 5],
  [/^character_string\d+$/, 32],
  [/^number\d+$/, 32],
  [/^name\d+$/, 10],
];

function cut(keyword: string, value: string): string {
  const limit = LIMITS.find(([re]) => re.test(keyword))?.[1];
  return limit === undefined ? value : [...value].slice(0, limit).join('');
}

/** The template data of a message: each keyword gets the named field, or the literal text. */
export function templateData(
  message: OutboxMessage,
  fields: Record<string, string>,
): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [keyword, source] of Object.entries(fields)) {
    const value = Object.prototype.hasOwnProperty.call(message.data, source)
      ? (message.data[source] as string)
      : source;
    out[keyword] = { value: cut(keyword, value) };
  }
  return out;
}

function fieldsFrom(env: NodeJS.ProcessEnv, name: string, fallback: Record<string, string>): Record<string, string> {
  const raw = env[name];
  if (!raw) return fallback;
  const parsed = JSON.parse(raw) as unknown;
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  ) {
    throw new Error(`环境变量 ${name} 应为 JSON 对象：模板关键词 → 消息字段或文字`);
  }
  return parsed as Record<string, string>;
}

/**
 * A sender over `openapi`, configured from `env`; undefined when no template id is configured (the outbox is then
 * only recorded, as in the local cloud). Throws at creation when a field mapping is malformed.
 */
export function createSubscribeSender(
  openapi: SubscribeOpenApi,
  env: NodeJS.ProcessEnv = process.env,
): SubscribeSender | undefined {
  const templates: Partial<Record<OutboxMessage['kind'], string>> = {};
  if (env.SUBSCRIBE_TEMPLATE_RESULT) templates.result = env.SUBSCRIBE_TEMPLATE_RESULT;
  if (env.SUBSCRIBE_TEMPLATE_CORRECTION) templates.correction = env.SUBSCRIBE_TEMPLATE_CORRECTION;
  if (env.SUBSCRIBE_TEMPLATE_DISPUTE) templates.dispute = env.SUBSCRIBE_TEMPLATE_DISPUTE;
  if (env.SUBSCRIBE_TEMPLATE_SETTLEMENT) templates.settlement = env.SUBSCRIBE_TEMPLATE_SETTLEMENT;
  if (!Object.values(templates).some(Boolean)) return undefined;
  const fields = {
    result: fieldsFrom(env, 'SUBSCRIBE_FIELDS_RESULT', DEFAULT_FIELDS.result),
    correction: fieldsFrom(env, 'SUBSCRIBE_FIELDS_CORRECTION', DEFAULT_FIELDS.correction),
    dispute: fieldsFrom(env, 'SUBSCRIBE_FIELDS_DISPUTE', DEFAULT_FIELDS.dispute),
    settlement: fieldsFrom(env, 'SUBSCRIBE_FIELDS_SETTLEMENT', DEFAULT_FIELDS.settlement),
  };
  const state = env.SUBSCRIBE_STATE === 'trial' || env.SUBSCRIBE_STATE === 'developer' ? env.SUBSCRIBE_STATE : 'formal';
  return async (message) => {
    const templateId = templates[message.kind];
    if (!templateId) throw new Error(`未配置订阅消息模板 SUBSCRIBE_TEMPLATE_${message.kind.toUpperCase()}`);
    const req: Parameters<SubscribeOpenApi['subscribeMessage']['send']>[0] = {
      touser: message.toOpenid,
      templateId,
      data: templateData(message, fields[message.kind]),
      miniprogramState: state,
    };
    if (env.SUBSCRIBE_PAGE) req.page = env.SUBSCRIBE_PAGE.replace('{applicationId}', message.applicationId);
    let res: { errCode?: number; errMsg?: string } | undefined;
    try {
      res = await openapi.subscribeMessage.send(req);
    } catch (e) {
      // The SDK rejects with { errCode, errMsg } (e.g. 43101: the user has not subscribed / used up the subscription).
      const err = e as { errCode?: unknown; errMsg?: unknown; message?: unknown };
      // Only the platform's code and text travel on (ES2020 has no Error cause; the SDK's error may quote the message).
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`${String(err.errCode ?? 'ERR')} ${String(err.errMsg ?? err.message ?? '')}`.trim());
    }
    if (res && typeof res.errCode === 'number' && res.errCode !== 0)
      throw new Error(`${res.errCode} ${res.errMsg ?? ''}`.trim());
  };
}
