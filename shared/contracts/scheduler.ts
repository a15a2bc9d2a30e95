/** 结果公布: a publishing run, as the scheduler's timer and an administrator start it. */
import * as z from 'zod/mini';
import '../zod-zh';
import type { ISODate } from '../dates';

/** `scheduler.run` / scheduler `publish`: publish due results now. */
export const PublishReq = z.strictObject({});
/** Response of publishing. */
export interface PublishRes {
  today: ISODate;
  published: number;
  overdue: number;
  /** 'result' subscribe messages recorded in the outbox for the cases published by this run. */
  notified: number;
  /** Published cases with no dispute whose dispute window ended, confirmed by this run (逾期视为确认分值). */
  confirmed?: number;
  /** Unused admission notices past their last valid day, expired by this run with their settlement applications. */
  expiredNotices?: number;
  /** Unused admission notices within 7 days of their last valid day, reminded by this run (each notice once). */
  remindedNotices?: number;
  /** Cases whose tasks were all decided but which were still `submitted` (a concurrent last decision), settled now. */
  settled?: number;
  /** Production only (the scheduler sends the outbox): messages sent and failed by this run. */
  delivery?: { sent: number; failed: number };
  /**
   * The settlement line: lines whose interrupted publication this run finished (`listed`), 准入通知书 issued at the
   * end of publicity (`noticed`), rounds whose publicity it closed (`closed`). Absent when none.
   */
  settlementLines?: { listed: number; noticed: number; closed: number };
  /** The run stopped at its time budget with cases still due; the next run continues. */
  more?: boolean;
}
