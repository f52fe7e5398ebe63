import { expect } from 'chai';
import { deepLink, escapeHtml, formatPeriod, formatRocDateTime, render } from './templates.ts';
import type { Message } from './templates.ts';

const form = {
  formId: 'F-1',
  kind: 'leave' as const,
  start: new Date('2024-08-20T08:00:00+08:00'),
  end: new Date('2024-08-21T17:00:00+08:00'),
};
const link = 'https://webitr.example.gov.tw/sso/kh-edu?return_to=%2Fleave%2Frequests%2FF-1';

describe('notification templates', () => {
  it('writes ROC dates with the weekday in Taipei time, the same day once', () => {
    expect(formatRocDateTime(new Date('2024-08-20T00:30:00Z'))).to.equal('113-08-20 (二) 08:30');
    expect(formatPeriod(form.start, form.end)).to.equal('113-08-20 (二) 08:00 ~ 113-08-21 (三) 17:00');
    expect(formatPeriod(form.start, new Date('2024-08-20T12:00:00+08:00'))).to.equal('113-08-20 (二) 08:00 ~ 12:00');
  });

  it('asks the deputy with the form’s summary and the deep link, in text and HTML', () => {
    const out = render({ type: 'deputy-asked', applicantName: '王小明', form }, { name: '陳怡君' }, link);
    expect(out.subject).to.equal('[差勤] 王小明 請您擔任差假職務代理人');
    expect(out.text).to.contain('陳怡君 您好：');
    expect(out.text).to.contain('期間：113-08-20 (二) 08:00 ~ 113-08-21 (三) 17:00');
    expect(out.text).to.contain(link);
    expect(out.html).to.contain(`href="${escapeHtml(link)}"`);
    expect(out.html).to.contain('113-08-20 (二) 08:00');
  });

  it('escapes every value in the HTML (a reason or a name is never markup)', () => {
    const out = render({ type: 'rejected', reason: '<script>alert("x")</script> & "y"', form }, { name: '<b>林</b>' }, link);
    expect(out.html).to.not.contain('<script>');
    expect(out.html).to.not.contain('<b>林</b>');
    expect(out.html).to.contain('&#60;script&#62;');
    expect(out.text).to.contain('理由：<script>alert("x")</script> & "y"');
  });

  it('says what happened for each outcome, with the reason where there is one', () => {
    const cases: [Message, string][] = [
      [{ type: 'approved', form }, '您的差假申請已核准（決行）'],
      [{ type: 'returned', reason: '日期有誤', form }, '理由：日期有誤'],
      [{ type: 'cancel-rejected', reason: '已出差', form: { ...form, kind: 'overtime' } }, '您的加班撤銷申請未獲核准'],
      [{ type: 'deputy-declined', deputyName: '李大華', reason: '當天請假', form }, '李大華 不同意擔任您的職務代理人'],
      [
        { type: 'approval-turn', applicantName: '王小明', form, subject: 'cancellation', stepLabel: '單位主管' },
        '王小明 的差假撤銷申請已送至「單位主管」，請您批核',
      ],
      [
        { type: 'approval-overdue', applicantName: '王小明', form, stepLabel: '人事', waitingMinutes: 600, onBehalfOfName: '張校長' },
        '已等候 10 小時（上班時間），您代理 張校長 批核',
      ],
    ];
    for (const [message, expected] of cases) expect(render(message, { name: '收件人' }, link).text, message.type).to.contain(expected);
  });

  it('names a form by its kind and period only: no leave type, reason of the form or national ID', () => {
    const out = render({ type: 'deputy-asked', applicantName: '王小明', form }, { name: '陳怡君' }, link);
    expect(out.text).to.not.match(/病假|事假|[A-Z][12]\d{8}/);
  });

  it('links through the portal’s sign-in to the page, on the public origin only', () => {
    expect(deepLink('https://webitr.example.gov.tw/some/path', 'kh-edu', '/leave/requests/F 1')).to.equal(
      'https://webitr.example.gov.tw/sso/kh-edu?return_to=%2Fleave%2Frequests%2FF%201',
    );
  });
});
