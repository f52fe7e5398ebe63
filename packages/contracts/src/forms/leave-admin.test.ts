import { expect } from 'chai';
import { correctBalanceCommand, listAgencyFormsQuery, runAllocationCommand, setCommonReasonsCommand } from './leave-admin.ts';
import { LEAVE_PERMISSIONS, isLeavePermission, leaveRolesAllow } from './leave-terms.ts';

describe('請假管理: the leave administration’s schemas and who may use them', () => {
  it('allows the attendance manager of the agency (and system administrators), nobody else', () => {
    const school = 'KH-GUANGHUA-ES';
    const at = (role: string, agencyId = school) => [{ role, agencyId }];
    for (const permission of Object.keys(LEAVE_PERMISSIONS) as (keyof typeof LEAVE_PERMISSIONS)[]) {
      expect(leaveRolesAllow(at('attendance-manager'), permission, school), permission).to.equal(true);
      expect(leaveRolesAllow(at('attendance-manager', 'TP-DOIT'), permission, school), permission).to.equal(false);
      expect(leaveRolesAllow(at('agency-admin'), permission, school), permission).to.equal(false);
      expect(leaveRolesAllow(at('employee'), permission, school), permission).to.equal(false);
      expect(leaveRolesAllow(at('system-admin', 'TP-DOIT'), permission, school), permission).to.equal(true);
    }
    expect(isLeavePermission('allocate-leave')).to.equal(true);
    expect(isLeavePermission('manage-apps')).to.equal(false);
    expect(isLeavePermission('toString')).to.equal(false);
  });

  it('reads an allocation as a run unless it is a preview', () => {
    expect(runAllocationCommand.parse({ year: 2029 })).to.deep.equal({ year: 2029, dryRun: false });
    expect(runAllocationCommand.safeParse({ year: 118 }).success, 'a ROC year is not a year').to.equal(false);
  });

  it('requires the reason of a correction, and hours or times but not both', () => {
    const ok = { ledger: 'personal', period: 'SY118', hours: 4, reason: '補登研習時數' };
    expect(correctBalanceCommand.safeParse(ok).success).to.equal(true);
    const blank = correctBalanceCommand.safeParse({ ...ok, reason: '  ' });
    expect(blank.error?.issues.map((i) => [i.path.join('.'), i.message])).to.deep.equal([['reason', '調整原因不得空白']]);
    expect(correctBalanceCommand.safeParse({ ...ok, times: 1 }).error?.issues[0]?.path).to.deep.equal(['hours']);
    expect(correctBalanceCommand.safeParse({ ...ok, hours: 0.25 }).success, 'half hours only').to.equal(false);
  });

  it('takes common reasons trimmed, refusing blanks and duplicates', () => {
    expect(setCommonReasonsCommand.parse({ reasons: [' 參加研習 '], version: 0 }).reasons).to.deep.equal(['參加研習']);
    expect(setCommonReasonsCommand.safeParse({ reasons: ['研習', '研習'], version: 1 }).error?.issues[0]?.message).to.equal(
      '常用事由不得重複',
    );
    expect(setCommonReasonsCommand.safeParse({ reasons: [''], version: 1 }).error?.issues[0]?.path).to.deep.equal(['reasons', 0]);
  });

  it('searches the agency’s forms by applicant and leave type', () => {
    expect(listAgencyFormsQuery.parse({ applicantId: 'demo-teacher', leaveType: 'official-outing' })).to.include({
      applicantId: 'demo-teacher',
      leaveType: 'official-outing',
      format: 'json',
      status: 'all',
    });
    expect(listAgencyFormsQuery.safeParse({ leaveType: 'vacation' }).success).to.equal(false);
  });
});
