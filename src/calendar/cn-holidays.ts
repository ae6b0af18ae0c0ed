/**
 * Mainland China public holidays (放假) and make-up working days (调休上班), by year.
 *
 * 2026: State Council notice 国办发明电〔2025〕号 of 2025-11-04.
 * 2027: PROJECTED from the holiday rules in force since 2025 (lunar dates, 4-day Spring Festival,
 * 2-day Labour Day, 3-day National Day); replace with the State Council notice once published,
 * through `calendar.holidays` / `calendar.workdays` in the config file or by editing this table.
 */
export interface HolidayYear {
  source: 'official' | 'projected';
  holidays: Array<[from: string, to: string, name: string]>;
  workdays: string[];
}

export const CN_HOLIDAYS: Record<number, HolidayYear> = {
  2026: {
    source: 'official',
    holidays: [
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  2027: {
    source: 'projected',
    holidays: [
      ['2027-01-01', '2027-01-03', '元旦'],
      ['2027-02-05', '2027-02-13', '春节'],
      ['2027-04-03', '2027-04-05', '清明节'],
      ['2027-05-01', '2027-05-05', '劳动节'],
      ['2027-06-09', '2027-06-09', '端午节'],
      ['2027-09-15', '2027-09-15', '中秋节'],
      ['2027-10-01', '2027-10-07', '国庆节'],
    ],
    workdays: ['2027-01-31', '2027-02-20', '2027-05-08', '2027-09-26', '2027-10-09'],
  },
};
