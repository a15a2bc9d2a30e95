/**
 * The README's local journey is a script a newcomer follows by the calendar: every day it restarts the local cloud
 * on is a working day (the scheduler does nothing on a rest day), and the dates it promises are the ones the
 * functions compute for a case accepted on its first day — result, dispute deadline, confirmation, voucher.
 */
import fs from 'node:fs';
import path from 'node:path';
import { caseTimeline } from '../../shared/application/timeline';
import { createCalendar } from '../../shared/calendar';
import { formatChineseDate } from '../../shared/dates';
import { clockFromEnv } from '../../scripts/local-cloud/clock';

const README = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const start = README.indexOf('#### The local journey, step by step');
const journey = README.slice(start, README.indexOf('\n### ', start));
const cal = createCalendar([]);
const restarts = [...journey.matchAll(/LOCAL_CLOUD_TODAY=(\d{4}-\d{2}-\d{2}) npm start/g)].map((m) => m[1]);

describe('the README’s local journey', () => {
  it('restarts the local cloud on working days only, each a day the local cloud accepts, in order', () => {
    expect(restarts.length).toBeGreaterThanOrEqual(3);
    for (const day of restarts) {
      expect({ day, workday: cal.isWorkday(day) }).toEqual({ day, workday: true });
      expect(clockFromEnv({ LOCAL_CLOUD_TODAY: day })?.describe).toBe(`${formatChineseDate(day)}（LOCAL_CLOUD_TODAY）`);
    }
    expect([...restarts].sort()).toEqual(restarts);
  });

  it('promises the dates the functions compute for a case accepted on its first day', () => {
    const t = caseTimeline(restarts[0], cal);
    const confirmation = cal.addWorkdays(t.disputeDeadline, 1);
    // The result day and the confirmation day are days it restarts on; the scheduler runs on them.
    expect(restarts).toContain(t.resultDate);
    expect(restarts).toContain(confirmation);
    expect(journey).toContain(`scheduler-run --today ${t.resultDate}`);
    expect(journey).toContain(`scheduler-run --today ${confirmation}`);
    for (const d of [t.resultDate, t.disputeDeadline, confirmation]) expect(journey).toContain(formatChineseDate(d));
    expect(journey).toContain(`积分已确认（${formatChineseDate(confirmation)}）`);
    // The voucher is printed once confirmed and from its own first day.
    expect(confirmation >= t.voucherFrom).toBe(true);
  });

  it('goes from 积分测算 to the voucher and its check', () => {
    for (const step of [
      '积分测算',
      '去申请',
      '诚信承诺',
      '提交申请',
      '阅卷工作台',
      '提出异议',
      '打印积分凭证',
      '凭证核验',
    ])
      expect(journey).toContain(step);
  });
});
