/** The 积分测算 command line (`npm run score`): what a person reads for a vetoed and an ordinary profile. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import example from '../../examples/zhang-wei-2021.json';
import { run } from '../../scripts/score-cli';

const OCT_8_2021 = new Date('2021-10-08T10:00:00+08:00');

/** Runs the CLI on `profile` written to a temporary file; returns the exit code and what it printed. */
function scoreOf(profile: unknown, extra: string[] = []): { code: number; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'score-cli-'));
  const file = path.join(dir, 'profile.json');
  fs.writeFileSync(file, JSON.stringify(profile));
  const lines: string[] = [];
  const code = run(
    [file, ...extra],
    (s) => lines.push(s),
    (s) => lines.push(s),
    OCT_8_2021,
  );
  fs.rmSync(dir, { recursive: true });
  return { code, out: lines.join('\n') };
}

describe('npm run score', () => {
  it('a vetoed profile: the veto line comes first, never “已达到”, and no hints for raising the score', () => {
    const { code, out } = scoreOf({ ...example, vetoFacts: [{ kind: 'robbery' }] });
    expect(code).toBe(0);
    const verdictAt = out.indexOf('✗ 一票否决（抢劫罪）：不能申请积分落户');
    expect(verdictAt).toBeGreaterThan(-1);
    expect(verdictAt).toBeLessThan(out.indexOf('总分 202'));
    expect(out).not.toContain('已达到');
    expect(out).not.toContain('提分建议');
  });

  it('the JSON sheet of a vetoed profile says vetoed and not reaching, with no hints', () => {
    const { out } = scoreOf({ ...example, vetoFacts: [{ kind: 'arson' }] }, ['--json']);
    const sheet = JSON.parse(out) as { verdict: { kind: string }; reachesQualifying: boolean; hints: unknown[] };
    expect(sheet.verdict.kind).toBe('vetoed');
    expect(sheet.reachesQualifying).toBe(false);
    expect(sheet.hints).toEqual([]);
  });

  it('an ordinary profile over 100 says “已达到” first and lists hints', () => {
    const { out } = scoreOf(example);
    expect(out).toContain('✓ 已达到 100 分准申请分值');
    expect(out).not.toContain('一票否决');
    expect(out).toContain('提分建议');
  });
});
