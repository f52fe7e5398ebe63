// 差假申請's logic: counted time in words, which deputies may be picked and
// why not, the route in names, attachment checks before upload, the draft
// the quote gets, and a problem's field errors placed on the form's fields.
import { expect } from 'chai';
import { CalendarDate } from '@internationalized/date';
import { ProblemError, fieldErrorsFor } from '../src/web/api/problem.ts';
import {
  LEAVE_FIELDS,
  checkAttachments,
  countedText,
  deputyChoices,
  formatDuration,
  nextWorkingDay,
  preferredDeputy,
  quoteDraft,
  routeText,
  splitTypes,
  withoutBlanks,
} from '../src/web/pages/leave-apply/logic.ts';
import type { LeaveTypeView } from '@webitr/contracts/views/leave';

const MB = 1024 * 1024;

describe('差假申請: counted time', () => {
  it('writes minutes as days and hours of the working day, as the seeds do', () => {
    expect(formatDuration(480)).to.equal('1日0小時');
    expect(formatDuration(600)).to.equal('1日2小時');
    expect(formatDuration(90)).to.equal('0日1小時30分');
    expect(formatDuration(0)).to.equal('0日0小時');
    // A person whose working day is 7 hours counts days of 420 minutes.
    expect(formatDuration(480, 420)).to.equal('1日1小時');
  });

  it('shows the hours beside the days while one types', () => {
    expect(countedText(480)).to.equal('共 1日0小時（8 小時）');
    expect(countedText(2 * 480 + 150)).to.equal('共 2日2小時30分（18.5 小時）');
  });

  it('prefills the next working day: today on a weekday, Monday at a weekend', () => {
    expect(nextWorkingDay(new CalendarDate(2026, 11, 27)).toString()).to.equal('2026-11-27'); // Friday
    expect(nextWorkingDay(new CalendarDate(2026, 11, 28)).toString()).to.equal('2026-11-30'); // Saturday
    expect(nextWorkingDay(new CalendarDate(2026, 11, 29)).toString()).to.equal('2026-11-30'); // Sunday
  });
});

describe('差假申請: deputies', () => {
  const list = {
    version: 3,
    deputies: [
      { order: 2, personId: 'b', name: '林志明', unitName: '教務處', available: false, message: '於此期間已有差假申請，不能代理' },
      { order: 1, personId: 'a', name: '黃建華', unitName: '總務處', available: true },
      { order: 3, personId: 'c', name: '王美玲' },
    ],
  };

  it('keeps 代理人設定 order and says why one cannot act', () => {
    const choices = deputyChoices(list);
    expect(choices.map((c) => c.personId)).to.deep.equal(['a', 'b', 'c']);
    expect(choices[0]).to.deep.equal({ personId: 'a', text: '黃建華（總務處）', available: true });
    expect(choices[1]).to.include({ available: false, why: '林志明於此期間已有差假申請，不能代理' });
    // Not yet asked for an interval: the service decides at filing.
    expect(choices[2]).to.include({ available: true, text: '王美玲' });
  });

  it('preselects the chosen deputy while free, else the first free one', () => {
    const choices = deputyChoices(list);
    expect(preferredDeputy(choices, 'c')).to.equal('c');
    expect(preferredDeputy(choices, 'b')).to.equal('a');
    expect(preferredDeputy(choices, undefined)).to.equal('a');
    expect(preferredDeputy(deputyChoices({ version: 1, deputies: [] }), undefined)).to.equal(undefined);
  });
});

describe('差假申請: the route in names', () => {
  const names = new Map([
    ['demo-director', '林志明'],
    ['demo-principal', '蔡文雄'],
  ]);
  it('names each step by verb and approver, the label when the approver is unknown', () => {
    const route = {
      status: 'routable' as const,
      steps: [
        { label: '單位主管', approverIds: ['demo-director'], final: false, countersign: false },
        { label: '人事室', approverIds: ['someone'], final: false, countersign: true },
        { label: '校長', approverIds: ['demo-principal'], final: true, countersign: false },
      ],
    };
    expect(routeText(route, names)).to.equal('陳核: 林志明（單位主管） → 會辦: 人事室 → 決行: 蔡文雄（校長）');
  });
  it('says why a draft cannot be routed', () => {
    expect(routeText({ status: 'unroutable', reason: '找不到單位主管' }, names)).to.equal('找不到單位主管');
  });
});

describe('差假申請: attachments before upload', () => {
  it('refuses a type the service does not take, before any byte is sent', () => {
    const { accepted, refused } = checkAttachments([{ name: 'setup.exe', size: 10, type: 'application/octet-stream' }], {
      count: 0,
      bytes: 0,
    });
    expect(accepted).to.deep.equal([]);
    expect(refused[0]!.reason).to.match(/^不接受此檔案類型/);
  });

  it('takes files by extension whatever the browser says, while the total stays within 10 MB', () => {
    const files = [
      { name: '診斷證明.PDF', size: 6 * MB, type: '' },
      { name: 'photo.jpg', size: 4 * MB, type: 'image/jpeg' },
      { name: 'more.png', size: 1, type: 'image/png' },
    ];
    const { accepted, refused } = checkAttachments(files, { count: 0, bytes: 0 });
    expect(accepted.map((f) => f.name)).to.deep.equal(['診斷證明.PDF', 'photo.jpg']);
    expect(refused).to.have.length(1);
    expect(refused[0]!.reason).to.match(/^附件總上限10MB/);
  });

  it('counts what is already uploaded, and the number of files', () => {
    expect(
      checkAttachments([{ name: 'a.pdf', size: 2 * MB, type: 'application/pdf' }], { count: 1, bytes: 9 * MB }).refused,
    ).to.have.length(1);
    expect(checkAttachments([{ name: 'a.pdf', size: 1, type: 'application/pdf' }], { count: 10, bytes: 0 }).refused[0]!.reason).to.equal(
      '附件最多 10 個',
    );
    expect(checkAttachments([{ name: 'empty.pdf', size: 0, type: 'application/pdf' }], { count: 0, bytes: 0 }).refused[0]!.reason).to.equal(
      '檔案是空的',
    );
  });
});

describe('差假申請: the draft and the problems', () => {
  it('quotes only a draft the contracts accept, with an end after its start', () => {
    const base = {
      leaveType: 'personal' as const,
      start: '2026-12-02 08:00',
      end: '2026-12-02 16:00',
      location: '',
      reason: '',
      remarks: [],
      attachmentIds: [],
    };
    expect(quoteDraft(base)).to.deep.equal({
      leaveType: 'personal',
      start: '2026-12-02 08:00',
      end: '2026-12-02 16:00',
      remarks: [],
      attachmentIds: [],
    });
    expect(quoteDraft({ ...base, end: '2026-12-01 16:00' })).to.equal(undefined);
    expect(quoteDraft({ ...base, start: '' })).to.equal(undefined);
    expect(quoteDraft({ ...base, location: '一二三四五六七八九十一二三四五六七八九十一' })).to.equal(undefined);
    // 修改: the form being modified goes with the draft, so the quote sets it aside.
    expect(quoteDraft(base, { formId: 'f-1' })).to.include({ formId: 'f-1' });
    expect(quoteDraft(base, { applicantId: 'p-2' }))
      .to.include({ applicantId: 'p-2' })
      .and.not.have.property('formId');
  });

  it('drops blank optional text but keeps 事由, so its own message is the one shown', () => {
    expect(withoutBlanks({ location: ' ', reason: '', deputyId: '', gestationWeeks: NaN })).to.deep.equal({ reason: '' });
  });

  it('places the API’s field errors on the form’s fields and leaves the rest for the message', () => {
    const problem = new ProblemError(409, {
      code: 'DEPUTY_ON_LEAVE',
      title: '申請內容與現有資料衝突',
      errors: [
        { field: 'body.deputyId', code: 'DEPUTY_ON_LEAVE', message: '林志明於此期間已有差假申請，不能代理' },
        { field: 'body.location', code: 'TOO_LONG', message: '地點上限20個字' },
        { field: 'body.applicantIds.1', code: 'APPLICANT_UNKNOWN', message: '查無人員 x' },
      ],
    } as never);
    const { fields, unplaced } = fieldErrorsFor(problem, LEAVE_FIELDS);
    expect(fields).to.deep.equal([
      { name: 'deputyId', message: '林志明於此期間已有差假申請，不能代理' },
      { name: 'location', message: '地點上限20個字' },
    ]);
    expect(unplaced.map((e) => e.field)).to.deep.equal(['body.applicantIds.1']);
  });

  it('puts the common types first, the rest behind 其他假別, and 加班補休 with 加班', () => {
    const type = (code: string) => ({ code, name: code }) as LeaveTypeView;
    const { common, other, compTime } = splitTypes(['bereavement', 'sick', 'comp-time', 'personal', 'marriage'].map(type));
    expect(common.map((t) => t.code)).to.deep.equal(['personal', 'sick']);
    expect(other.map((t) => t.code)).to.deep.equal(['bereavement', 'marriage']);
    expect(compTime?.code).to.equal('comp-time');
  });
});
