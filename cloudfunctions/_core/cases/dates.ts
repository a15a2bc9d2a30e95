/** The dates of a case as it lives them: one rule for the dispute deadline and the voucher date. */
import type { WorkCalendar } from '../../../shared/calendar';
import { publishedTimeline, type CaseTimeline } from '../../../shared/application/timeline';
import { beijingDate } from '../../../shared/dates';
import type { ApplicationRecord } from '../store/types';

/** The dates of a case as it lives them ({@link publishedTimeline}); undefined without a timeline. */
export function caseDatesOf(
  app: Pick<ApplicationRecord, 'timeline' | 'publishedAt'>,
  cal: WorkCalendar,
): CaseTimeline | undefined {
  if (!app.timeline) return undefined;
  return publishedTimeline(app.timeline, app.publishedAt ? beijingDate(new Date(app.publishedAt)) : null, cal);
}
