import { expect } from 'chai';
import { z } from 'zod';
import {
  dateField,
  dateMessage,
  dateTimeField,
  DATE_EXAMPLES,
  DATE_PATTERN,
  MAX_YEAR,
  MIN_YEAR,
  parseDate,
  readDate,
} from './date-input.ts';

describe('one date parser', () => {
  it('reads every API spelling of 115-12-23 as 2026-12-23', () => {
    for (const text of ['2026-12-23', '2026/12/23', '115-12-23', '115/12/23', ' 115-12-23 ']) {
      expect(parseDate(text), text).to.equal('2026-12-23');
    }
    expect(parseDate('99-1-5')).to.equal('2010-01-05');
  });

  it('reads the import spellings only for imports', () => {
    for (const text of ['1151223', '20261223', '民國115年12月23日', '115年12月23日', '民國 115 年 12 月 23 日', '115.12.23']) {
      expect(parseDate(text, 'import'), text).to.equal('2026-12-23');
      expect(parseDate(text, 'api'), text).to.equal(undefined);
    }
  });

  it('refuses years outside the sane range, naming the year: 0115-12-23 is not year 115 AD', () => {
    expect(readDate('0115-12-23')).to.deep.equal({ ok: false, reason: 'year-range', year: 115 });
    expect(readDate('1911-12-31')).to.deep.include({ ok: false, reason: 'year-range' });
    expect(readDate(`${MAX_YEAR + 1}-01-01`)).to.deep.include({ ok: false, reason: 'year-range' });
    expect(readDate('0-01-01')).to.deep.include({ ok: false, reason: 'year-range' }); // 民國0年 = 1911
    expect(parseDate(`${MIN_YEAR}-01-01`)).to.equal(`${MIN_YEAR}-01-01`);
    expect(parseDate('1-01-01')).to.equal('1912-01-01'); // 民國元年
    const reading = readDate('0115-12-23');
    expect(reading.ok).to.equal(false);
    if (!reading.ok)
      expect(dateMessage('0115-12-23', reading, 'api', '請假起日')).to.equal(
        '請假起日：「0115-12-23」的年份 115 不在 1912–2199 年（民國 1–288 年）之間（民國年請寫 115-12-23）',
      );
  });

  it('refuses days that do not exist and text that is no date', () => {
    expect(readDate('112-02-29')).to.deep.equal({ ok: false, reason: 'no-such-day' });
    expect(readDate('115-13-01')).to.deep.equal({ ok: false, reason: 'no-such-day' });
    expect(readDate('2026-12-23T00:00:00Z')).to.deep.equal({ ok: false, reason: 'format' });
    expect(readDate('yesterday')).to.deep.equal({ ok: false, reason: 'format' });
  });

  it('gives zod fields whose message says what is wrong, in zh-TW', () => {
    const schema = z.object({ from: dateField('起日') });
    expect(schema.parse({ from: '115-12-23' })).to.deep.equal({ from: '2026-12-23' });
    const error = schema.safeParse({ from: '0115-12-23' }).error;
    expect(error?.issues[0]?.message).to.contain('年份 115 不在');
    expect(z.object({ at: dateTimeField('起時') }).safeParse({ at: '0115-12-23 08:00' }).error?.issues[0]?.message).to.contain(
      '年份 115 不在',
    );
    expect(dateTimeField('起時').parse('115-12-31 08:00').toISOString()).to.equal('2026-12-31T00:00:00.000Z');
  });

  it('states its pattern, description and examples for the OpenAPI documents', () => {
    const json = z.toJSONSchema(z.object({ from: dateField('起日') }), { io: 'input' }) as unknown as {
      properties: { from: Record<string, unknown> };
    };
    expect(json.properties.from).to.deep.include({ title: '起日', type: 'string', pattern: DATE_PATTERN.api, examples: DATE_EXAMPLES.api });
    expect(json.properties.from.description).to.contain('115-12-23').and.contain('2026-12-23');
    for (const example of DATE_EXAMPLES.api) expect(new RegExp(DATE_PATTERN.api).test(example), example).to.equal(true);
    for (const example of DATE_EXAMPLES.import) {
      expect(new RegExp(DATE_PATTERN.import).test(example), example).to.equal(true);
      expect(parseDate(example, 'import'), example).to.equal('2026-12-23');
    }
  });
});
