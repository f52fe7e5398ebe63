import { expect } from 'chai';
import { cardFileLayoutSchema, readCardDate, readCardLine, readCardTime } from './card-file.ts';

const fixed = cardFileLayoutSchema.parse({
  format: 'fixed',
  dateFormat: 'yyyyMMdd',
  // 0012345678 20240805 0752 R01 1
  fields: {
    cardNumber: { start: 1, length: 10 },
    date: { start: 12, length: 8 },
    time: { start: 21, length: 4 },
    readerId: { start: 26, length: 3 },
    inOut: { start: 30, length: 1 },
  },
  inOutCodes: { '1': '上班', '2': '下班' },
});
const csv = cardFileLayoutSchema.parse({
  format: 'csv',
  dateFormat: 'rocyyy/MM/dd',
  headerLines: 1,
  columns: { cardNumber: 2, date: 3, time: 4, readerId: 1 },
});

describe('card-file lines (卡檔)', () => {
  it('reads a fixed-width line with its in/out code', () => {
    expect(readCardLine(fixed, '0012345678 20240805 0752 R01 1')).to.deep.equal({
      ok: true,
      line: { cardNumber: '0012345678', date: '2024-08-05', time: '07:52:00', readerId: 'R01', kind: '上班' },
    });
  });

  it('reads a CSV line with a ROC date and seconds, quoted cells and no code', () => {
    expect(readCardLine(csv, 'R02,"0012345678",113/08/05,16:05:09')).to.deep.equal({
      ok: true,
      line: { cardNumber: '0012345678', date: '2024-08-05', time: '16:05:09', readerId: 'R02' },
    });
  });

  it('says what is wrong with a line: too short, impossible date or time, unknown code, bad card', () => {
    const detail = (layout: typeof fixed, text: string) => {
      const r = readCardLine(layout, text);
      return r.ok ? 'ok' : r.detail;
    };
    expect(detail(fixed, '0012345678 2024')).to.match(/^長度不足/);
    expect(detail(fixed, '0012345678 20240230 0752 R01 1')).to.match(/^日期錯誤/);
    expect(detail(fixed, '0012345678 20240805 2460 R01 1')).to.match(/^時間錯誤/);
    expect(detail(fixed, '0012345678 20240805 0752 R01 9')).to.equal('卡別代碼「9」未在格式設定中');
    expect(detail(fixed, '00123-5678 20240805 0752 R01 1')).to.match(/^卡號格式錯誤/);
    expect(detail(csv, 'R02,0012345678')).to.equal('欄位不足：應至少 4 欄，實為 2 欄');
  });

  it('knows real days and times only', () => {
    expect(readCardDate('1130229', 'rocyyyMMdd')).to.equal('2024-02-29');
    expect(readCardDate('1120229', 'rocyyyMMdd')).to.equal(undefined);
    expect(readCardDate('2024-13-01', 'yyyy-MM-dd')).to.equal(undefined);
    expect(readCardTime('235959')).to.equal('23:59:59');
    expect(readCardTime('12:60')).to.equal(undefined);
    expect(readCardTime('8:00')).to.equal(undefined);
  });
});
