/** The local cloud's clock: a chosen day or offset, refused when malformed; the real clock otherwise. */
import { clockFromEnv } from '../../scripts/local-cloud/clock';

// 2026-12-01 10:30 Beijing.
const REAL = Date.parse('2026-12-01T10:30:00+08:00');
const real = () => REAL;

describe('local cloud clock', () => {
  it('runs on LOCAL_CLOUD_TODAY at the current time of day, Beijing time', () => {
    const c = clockFromEnv({ LOCAL_CLOUD_TODAY: '2021-11-05' }, real);
    expect(c?.now().toISOString()).toBe('2021-11-05T02:30:00.000Z');
    expect(c?.describe).toBe('2021年11月5日（LOCAL_CLOUD_TODAY）');
  });

  it('shifts by LOCAL_CLOUD_OFFSET_DAYS whole days', () => {
    const c = clockFromEnv({ LOCAL_CLOUD_OFFSET_DAYS: '-30' }, real);
    expect(c?.now().toISOString()).toBe('2026-11-01T02:30:00.000Z');
  });

  it('uses the real clock when neither is set', () => {
    expect(clockFromEnv({}, real)).toBeNull();
  });

  it('refuses a malformed day, a fractional offset, or both at once, in Chinese', () => {
    expect(() => clockFromEnv({ LOCAL_CLOUD_TODAY: '2021-02-30' }, real)).toThrow(
      'LOCAL_CLOUD_TODAY 应为日期，如 2021-11-05',
    );
    expect(() => clockFromEnv({ LOCAL_CLOUD_OFFSET_DAYS: '1.5' }, real)).toThrow('应为整数天数');
    expect(() => clockFromEnv({ LOCAL_CLOUD_TODAY: '2021-11-05', LOCAL_CLOUD_OFFSET_DAYS: '1' }, real)).toThrow(
      '只能设置一个',
    );
  });
});
