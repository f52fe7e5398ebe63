import { expect } from 'chai';
import { parseDate } from '@internationalized/date';
import type { DayRecordView } from '@webitr/contracts/views/attendance';
import {
  agencyRecordsUrl,
  defaultPeriod,
  forgottenPunchLink,
  mayCorrect,
  minutesText,
  monthRange,
  punchText,
  reportUrl,
} from '../src/web/lib/attendance.ts';

describe('刷卡資料: addresses and words', () => {
  it('opens 差假申請’s 忘刷卡 for the day with the punch that is missing (上班卡 when both are)', () => {
    expect(forgottenPunchLink({ date: '2026-11-03', missing: 'out' })).to.equal(
      '/leave/apply?form=forgotten-punch&date=2026-11-03&direction=out',
    );
    expect(forgottenPunchLink({ date: '2026-11-04', missing: 'in' })).to.equal(
      '/leave/apply?form=forgotten-punch&date=2026-11-04&direction=in',
    );
    expect(forgottenPunchLink({ date: '2026-11-05', missing: 'both' })).to.contain('direction=in');
  });

  it('offers the correction only where a punch is missing and no form waits for approval', () => {
    expect(mayCorrect({ missing: 'out', correction: 'open' })).to.equal(true);
    expect(mayCorrect({ missing: 'out', correction: 'requested' })).to.equal(false);
    expect(mayCorrect({ missing: null, correction: 'corrected' })).to.equal(false);
    expect(mayCorrect({ missing: null, correction: null })).to.equal(false);
  });

  it('asks the agency’s records with only what is set, and the report as JSON, CSV or XLSX', () => {
    expect(agencyRecordsUrl('KH-GUANGHUA-ES', { from: '2026-11-01', to: '2026-11-30', q: '陳', filter: 'all', page: 1 })).to.equal(
      '/api/attendance/agencies/KH-GUANGHUA-ES/punch-records?from=2026-11-01&to=2026-11-30&q=%E9%99%B3',
    );
    expect(agencyRecordsUrl('A', { from: '2026-11-01', to: '2026-11-30', unitId: 'U1', filter: 'open', page: 2, pageSize: 31 })).to.equal(
      '/api/attendance/agencies/A/punch-records?from=2026-11-01&to=2026-11-30&unitId=U1&filter=open&page=2&pageSize=31',
    );
    expect(reportUrl('A', { from: '2026-11-01', to: '2026-11-30' }, 'xlsx')).to.equal(
      '/api/attendance/agencies/A/attendance-report?from=2026-11-01&to=2026-11-30&format=xlsx',
    );
  });

  it('writes punches and minutes as people read them, and knows a month’s days and the last 31', () => {
    const punch = {
      at: '',
      time: '07:50',
      kind: '上班',
      channel: 'file',
      channelLabel: '卡檔',
      formId: null,
    } as DayRecordView['punches'][number];
    expect(punchText(punch)).to.equal('07:50 上班（卡檔）');
    expect(punchText({ ...punch, kind: null, channelLabel: '刷卡機' })).to.equal('07:50（刷卡機）');
    expect(minutesText({ lateMinutes: 12, earlyMinutes: 5 })).to.equal('遲到 12 分鐘、早退 5 分鐘');
    expect(monthRange(2028, 2)).to.deep.equal({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange(2026, 11)).to.deep.equal({ from: '2026-11-01', to: '2026-11-30' });
    expect(defaultPeriod(parseDate('2026-11-26'))).to.deep.equal({ from: '2026-10-27', to: '2026-11-26' });
  });
});
