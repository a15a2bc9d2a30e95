/**
 * The time left for a 补正: before the case's result date, counted in working days (today included when it is one),
 * none once the result date has come (the submission is then refused as overdue).
 */
import { correctionWindow } from '../../shared/application/timeline';
import { createCalendar } from '../../shared/calendar';

const cal = createCalendar([]);

describe('correction window', () => {
  it('counts the working days from today up to the day before the result date', () => {
    // Result date 2021-11-05 (Fri); on Tue 2021-10-12: 12, 13, 14, 15, 18–22, 25–29, 1–4 Nov = 18 working days.
    expect(correctionWindow('2021-11-05', '2021-10-12', cal)).toEqual({ before: '2021-11-05', workingDaysLeft: 18 });
  });

  it('leaves one working day on the day before the result date, and counts a weekend day not at all', () => {
    expect(correctionWindow('2021-11-05', '2021-11-04', cal).workingDaysLeft).toBe(1);
    // Sat 2021-10-30: Mon 1 – Thu 4 Nov.
    expect(correctionWindow('2021-11-05', '2021-10-30', cal).workingDaysLeft).toBe(4);
  });

  it('counts the National Day holiday out and the make-up Saturday 2021-10-09 in', () => {
    // From Fri 2021-10-01 (holiday) to before Tue 2021-10-12: Fri 10-08, Sat 10-09 (make-up), Mon 10-11.
    expect(correctionWindow('2021-10-12', '2021-10-01', cal).workingDaysLeft).toBe(3);
  });

  it('leaves nothing on or after the result date', () => {
    expect(correctionWindow('2021-11-05', '2021-11-05', cal).workingDaysLeft).toBe(0);
    expect(correctionWindow('2021-11-05', '2021-11-08', cal).workingDaysLeft).toBe(0);
  });
});
