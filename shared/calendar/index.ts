/** Working-day calendar: chinese-days' holiday data plus admin tables, refusing uncovered years. */
export { createCalendar, builtinCoveredYears, type WorkCalendar } from './calendar';
export { CalendarGapError, HolidayTableError } from './errors';
export { HolidayTableSchema, holidayTableProblems, type HolidayTable } from './holiday-table';
export { BUILTIN_SOURCE } from './builtin';
