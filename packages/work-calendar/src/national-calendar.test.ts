import { expect } from 'chai';
import { workingTimeBetween } from './working-time.ts';
import type { WorkSchedule } from './working-time.ts';
import { taipeiInstant } from './calendar-date.ts';
import { decodeCsv, NationalCalendarError, parseNationalCalendarCsv, shippedNationalCalendars } from './national-calendar.ts';

const HEADER = '西元日期,星期,是否放假,備註';
const WEEKDAYS = '日一二三四五六';

/** A whole year in the dataset's format, with some days changed. */
function yearCsv(year: number, changes: Record<string, [0 | 2, string]> = {}): string {
  const rows = [HEADER];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    const key = d.toISOString().slice(0, 10).replaceAll('-', '');
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const [off, note] = changes[key] ?? [weekend ? 2 : 0, ''];
    rows.push(`${key},${WEEKDAYS[d.getUTCDay()]},${off},${note}`);
  }
  return rows.join('\r\n');
}

const schedule: WorkSchedule = {
  id: 'office',
  name: '08:00-17:00',
  start: '08:00',
  end: '17:00',
  breaks: [{ start: '12:00', end: '13:00' }],
};

describe('national office calendar (政府行政機關辦公日曆表)', () => {
  it("ships 113–116 (2024–2027), read by the upload parser, with 元旦 and the 2025 act's new holidays", () => {
    const years = shippedNationalCalendars();
    expect(years.map((y) => y.calendar.year)).to.deep.equal([2024, 2025, 2026, 2027]);
    const byDate = new Map(years.flatMap((y) => y.calendar.entries).map((e) => [e.date, e]));
    expect(byDate.get('2027-01-01')).to.deep.equal({ date: '2027-01-01', kind: 'holiday', name: '開國紀念日' });
    expect(byDate.get('2026-09-28')?.name).to.equal('孔子誕辰紀念日/教師節');
    expect(byDate.get('2026-10-26')?.name).to.equal('補假'); // 光復節 on a Sunday
    expect(byDate.get('2026-12-25')?.name).to.equal('行憲紀念日');
    expect(byDate.get('2026-02-16')?.name).to.equal('農曆除夕');
    expect(byDate.get('2027-02-04')?.name).to.equal('小年夜');
    expect(byDate.get('2027-12-31')?.name).to.equal('補假'); // 117年元旦 on a Saturday
    expect(byDate.get('2025-02-08')).to.deep.equal({ date: '2025-02-08', kind: 'makeup-workday', name: '補行上班' }); // Big5 file
    expect(byDate.get('2026-01-05')).to.equal(undefined);
    expect(years.find((y) => y.calendar.year === 2026)!.calendar.days.filter((d) => d.off)).to.have.length(120); // 總放假日數120日
  });

  it('charges 事假 115-12-31 08:00 ~ 116-01-04 17:00 two days, not three, with 元旦', () => {
    const entries = shippedNationalCalendars().flatMap((y) => y.calendar.entries);
    const time = workingTimeBetween(taipeiInstant('2026-12-31', '08:00'), taipeiInstant('2027-01-04', '17:00'), schedule, entries);
    expect(time.days.map((d) => d.date)).to.deep.equal(['2026-12-31', '2027-01-04']);
  });

  it('reads UTF-8 with and without a BOM, Big5, UTF-16, and any line end', () => {
    const csv = yearCsv(2030, { '20300101': [2, '開國紀念日'] });
    const utf8 = new TextEncoder().encode(csv);
    const variants: Uint8Array[] = [
      utf8,
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]),
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv.replaceAll('\r\n', '\n'))]),
      new Uint8Array([0xff, 0xfe, ...Buffer.from(csv, 'utf16le')]),
    ];
    for (const bytes of variants)
      expect(parseNationalCalendarCsv(bytes).entries[0]).to.deep.equal({ date: '2030-01-01', kind: 'holiday', name: '開國紀念日' });
    expect(decodeCsv(new Uint8Array([0xa6, 0xe8, 0xa4, 0xb8]))).to.equal('西元'); // Big5
  });

  it('refuses what is not one whole year, naming the line', () => {
    expect(() => parseNationalCalendarCsv('日期,放假\n20300101,2')).to.throw(NationalCalendarError, '缺少欄位');
    expect(() => parseNationalCalendarCsv(yearCsv(2030).split('\r\n').slice(0, 100).join('\n'))).to.throw(
      NationalCalendarError,
      '2030 年應有 365 天',
    );
    expect(() => parseNationalCalendarCsv(`${yearCsv(2030)}\r\n20310101,三,2,`)).to.throw(NationalCalendarError, '第 367 列');
    expect(() => parseNationalCalendarCsv(yearCsv(2030, { '20300102': [1 as 0, ''] }))).to.throw(
      NationalCalendarError,
      '第 3 列：是否放假',
    );
    expect(() => parseNationalCalendarCsv(yearCsv(2030).replace('20300103', '00300103'))).to.throw(NationalCalendarError, '年份');
  });
});
