import { DateTime } from 'luxon';
import { afterQuietHours } from '../../src/notify/quiet-hours.js';

const tz = 'Asia/Shanghai';
const at = (s: string) => DateTime.fromISO(s, { zone: tz }).toJSDate();
const show = (d: Date) => DateTime.fromJSDate(d).setZone(tz).toFormat("yyyy-LL-dd'T'HH:mm");
const Q = [21 * 60, 8 * 60] as const;

describe('quiet hours 21:00–08:00', () => {
  it.each([
    ['2026-11-23T20:59', '2026-11-23T20:59'],
    ['2026-11-23T21:00', '2026-11-24T08:00'],
    ['2026-11-23T23:30', '2026-11-24T08:00'],
    ['2026-11-24T00:10', '2026-11-24T08:00'],
    ['2026-11-24T07:59', '2026-11-24T08:00'],
    ['2026-11-24T08:00', '2026-11-24T08:00'],
    ['2026-12-31T22:00', '2027-01-01T08:00'],
  ])('a message at %s goes at %s', (when, expected) => {
    expect(show(afterQuietHours(at(when), Q[0], Q[1], tz))).toBe(expected);
  });

  it('handles quiet hours that do not cross midnight', () => {
    expect(show(afterQuietHours(at('2026-11-23T13:00'), 12 * 60, 14 * 60, tz))).toBe('2026-11-23T14:00');
    expect(show(afterQuietHours(at('2026-11-23T15:00'), 12 * 60, 14 * 60, tz))).toBe('2026-11-23T15:00');
  });
});
