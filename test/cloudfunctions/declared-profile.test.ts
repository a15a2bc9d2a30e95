/**
 * The declared profile of a stored application (cloudfunctions/_core/cases/views.ts `declaredProfile`): a submission
 * reads it for its checks, tasks, checklist and view, so a valid one is read by the fast path (zod's very output,
 * without building zod's profile schema), and a corrupted one still fails loudly with zod's own error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { countingSchemas } from '../shared/schema-count';

type Views = typeof import('../../cloudfunctions/_core/cases/views');
type ProfileModule = typeof import('../../shared/profile');

const zhangWeiText = fs.readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'zhang-wei-2021.json'), 'utf8');
/** A fresh copy, made in the test's own realm (as the store's JSON.parse makes a record's objects). */
const zhangWei = (): Record<string, unknown> => JSON.parse(zhangWeiText) as Record<string, unknown>;

/** Runs `run` on fresh copies of the views and the profile module, counting the schemas built from their load on. */
function counting(run: (views: Views, profile: ProfileModule, count: () => number) => void): void {
  countingSchemas(
    () => ({
      views: jest.requireActual<Views>('../../cloudfunctions/_core/cases/views'),
      profile: jest.requireActual<ProfileModule>('../../shared/profile'),
    }),
    ({ views, profile }, count) => run(views, profile, count),
  );
}

describe('declared profile of a stored application', () => {
  it('should read a valid stored profile as zod reads it, without building the profile schema', () => {
    counting((views, profile, count) => {
      const before = count();
      const read = views.declaredProfile({ profile: zhangWei() } as never);
      // No profile schema built (it has ~260 schemas) …
      expect(count() - before).toBeLessThan(10);
      // … and the very output zod gives, defaults and key order included.
      expect(JSON.stringify(read)).toBe(JSON.stringify(profile.ProfileSchema.parse(zhangWei())));
    });
  });

  it('should read the same stored profile object once, however often a submission asks', () => {
    counting((views) => {
      const app = { profile: zhangWei() } as never;
      expect(views.declaredProfile(app)).toBe(views.declaredProfile(app));
    });
  });

  it('should refuse a corrupted stored profile with zod’s error rather than read it', () => {
    counting((views) => {
      const corrupted = { ...zhangWei(), education: 'not a list' };
      expect(() => views.declaredProfile({ profile: corrupted } as never)).toThrow('学历应为列表');
    });
  });
});
