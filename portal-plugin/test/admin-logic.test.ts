import { expect } from 'chai';
import type { ChangeLogItem, ImportReport, UnitView } from '@webitr/contracts/views/directory';
import { ADMIN_PAGES, adminAgencyOf, adminNavFor, adminUrl } from '../src/web/app/admin.ts';
import { entitlementSummary, keepListed } from '../src/web/pages/admin-apps/logic.ts';
import { actorText, changeLines, logCsv, targetText } from '../src/web/pages/admin-change-log/logic.ts';
import { columnGuide, reportCsv, reportSummary, rowProblems } from '../src/web/pages/admin-import/logic.ts';
import { createBody, fieldsOf, messageAt, splitCards, updateBody } from '../src/web/pages/admin-person/logic.ts';
import { possibleParents, unitPath, unitTree } from '../src/web/pages/admin-units/logic.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
const me = (roles: { role: string; agencyId: string }[], agencyId = SCHOOL) => ({ roles, agency: { id: agencyId, name: '' } });

describe('管理: the pages, who sees them, and their words', () => {
  it('lists each page once, with an address in the agency (path parameters filled)', () => {
    expect(new Set(ADMIN_PAGES.map((p) => p.key)).size).to.equal(ADMIN_PAGES.length);
    expect(adminUrl(SCHOOL, 'people/:personId', { personId: 'demo-teacher' })).to.equal(
      '/admin/agencies/KH-GUANGHUA-ES/people/demo-teacher',
    );
  });

  it('shows the 管理 menu by the owning services’ tables: the administrator the directory’s, the attendance manager 基本資料, 報表, 制度管理, 請假管理 and 批核流程, employees nothing', () => {
    const labels = (m: ReturnType<typeof me>) => adminNavFor(m).map((i) => i.label);
    expect(labels(me([{ role: 'agency-admin', agencyId: SCHOOL }]))).to.deep.equal([
      '可用系統',
      '基本資料維護',
      '人員組織樹',
      '批次匯入',
      '帳號異動記錄',
      '離職人員查詢',
      '出勤時間',
      '人事公告欄',
      '寄送失敗通知',
    ]);
    expect(labels(me([{ role: 'attendance-manager', agencyId: SCHOOL }]))).to.deep.equal([
      '基本資料維護',
      '人員組織樹',
      '批次匯入',
      '差勤統計報表',
      '離職人員查詢',
      '特殊節日登記',
      '停止上班上課',
      '出勤時間',
      '機關規則參數',
      '人事公告欄',
      '休假年資更新',
      '假別餘額調整',
      '請假資料維護',
      '差假事由',
      '批核流程查詢',
      '批核流程設定',
    ]);
    // The leave service's table, scoped like the directory's: an attendance manager of another agency gets nothing here.
    expect(
      adminNavFor(me([{ role: 'attendance-manager', agencyId: 'TP-DOIT' }], 'TP-DOIT'), SCHOOL).every((i) =>
        i.to.startsWith('/admin/agencies/TP-DOIT/'),
      ),
    ).to.equal(true);
    expect(labels(me([{ role: 'employee', agencyId: SCHOOL }]))).to.deep.equal([]);
    expect(labels(me([{ role: 'unit-supervisor', agencyId: SCHOOL }]))).to.deep.equal([]);
  });

  it('links an administrator to their own agency, even on another agency’s address; a system administrator follows the address', () => {
    const bureau = me([{ role: 'agency-admin', agencyId: 'KH-EDU' }], 'KH-EDU');
    expect(adminAgencyOf(bureau, SCHOOL)).to.equal('KH-EDU');
    expect(adminNavFor(bureau, SCHOOL).every((i) => i.to.startsWith('/admin/agencies/KH-EDU/'))).to.equal(true);
    const sys = me([{ role: 'system-admin', agencyId: 'TP-DOIT' }], 'TP-DOIT');
    expect(adminAgencyOf(sys, SCHOOL)).to.equal(SCHOOL);
    expect(adminAgencyOf(sys)).to.equal('TP-DOIT');
  });

  it('says what a grant or revoke changed', () => {
    const result = {
      items: [
        { personId: 'a', changed: ['webitr'], unchanged: [] },
        { personId: 'b', changed: [], unchanged: ['webitr'] },
      ],
    };
    expect(entitlementSummary('grant', result, 'WebITR 差勤系統')).to.equal('已授權 1 人使用WebITR 差勤系統（1 人原已有）');
    expect(entitlementSummary('revoke', { items: [result.items[0]!] }, 'WebITR 差勤系統')).to.equal('已取消 1 人的WebITR 差勤系統');
    expect([...keepListed(new Set(['a', 'x']), [{ id: 'a' }, { id: 'b' }])]).to.deep.equal(['a']);
  });

  it('reads a person’s fields into the bodies the contracts check: blanks left out when new, cleared when editing', () => {
    const fields = {
      nationalId: '',
      name: '新人',
      email: '',
      unitId: 'u1',
      title: '',
      jobCategory: '職員',
      scheduleGroup: '',
      serviceStartDate: '2026-08-01',
      cardNumbers: '123, 456、789',
    };
    expect(splitCards(fields.cardNumbers)).to.deep.equal(['123', '456', '789']);
    expect(createBody(fields)).to.deep.equal({
      nationalId: '',
      name: '新人',
      jobCategory: '職員',
      unitId: 'u1',
      serviceStartDate: '2026-08-01',
      cardNumbers: ['123', '456', '789'],
    });
    expect(updateBody(fields, 3)).to.deep.include({ version: 3, email: null, title: null, unitId: 'u1' });
    expect(updateBody(fields, 3)).to.not.have.property('nationalId');
    expect(fieldsOf({ name: 'A', jobCategory: '教師', cardNumbers: ['1', '2'] } as never)).to.include({
      name: 'A',
      cardNumbers: '1, 2',
      email: '',
    });
    expect(messageAt({ cardNumbers: [undefined, { message: '卡號應為 1 至 20 位英數字', ref: {} }] }, 'cardNumbers')).to.equal(
      '卡號應為 1 至 20 位英數字',
    );
  });

  it('puts the unit tree together, refusing to loop, and offers no parent below a unit', () => {
    const u = (id: string, name: string, parentId?: string): UnitView => ({
      id,
      agencyId: SCHOOL,
      name,
      version: 1,
      ...(parentId ? { parentId } : {}),
    });
    const units = [u('top', '校長室'), u('a', '教務處', 'top'), u('b', '註冊組', 'a'), u('x', '甲', 'y'), u('y', '乙', 'x')];
    const tree = unitTree(units);
    expect(tree.map((n) => n.unit.name)).to.include('校長室');
    expect(tree.find((n) => n.unit.id === 'top')!.children[0]!.children[0]!.unit.name).to.equal('註冊組');
    expect(unitPath(units[2]!, units)).to.equal('校長室 / 教務處 / 註冊組');
    expect(possibleParents(units[1], units).map((x) => x.id)).to.deep.equal(['top', 'x', 'y']);
  });

  it('writes the import report in words and as CSV, naming the line and the field', () => {
    const report: ImportReport = {
      encoding: 'big5',
      dryRun: true,
      total: 2,
      created: 0,
      updated: 0,
      unchanged: 0,
      valid: 1,
      failed: 1,
      blankLines: [],
      ignoredColumns: [],
      rows: [
        { line: 2, outcome: 'valid', name: '甲', nationalIdMasked: 'E12*****83', errors: [] },
        { line: 3, outcome: 'failed', name: '乙', errors: [{ field: '身分證字號', message: '身分證字號檢查碼錯誤' }] },
      ],
    };
    expect(reportSummary(report)).to.equal('檢查 2 列：可匯入 1 列、錯誤 1 列');
    expect(rowProblems(report.rows[1]!)).to.equal('身分證字號：身分證字號檢查碼錯誤');
    expect(reportCsv(report).split('\r\n')).to.deep.equal([
      '\ufeff列號,結果,姓名,身分證字號,問題',
      '2,可匯入,甲,E12*****83,',
      '3,錯誤,乙,,身分證字號：身分證字號檢查碼錯誤',
      '',
    ]);
    expect(
      columnGuide()
        .slice(0, 3)
        .map((c) => c.header),
    ).to.deep.equal(['身分證字號', '姓名', '職務類別']);
  });

  it('says what a change-log entry changed, by names people know', () => {
    const entry: ChangeLogItem = {
      id: 'e1',
      at: '2026-11-26T01:02:00.000Z',
      action: 'entitlement.granted',
      actor: { kind: 'person', id: 'demo-school-admin', name: '黃建華' },
      zone: 'intranet',
      ip: '127.0.0.1',
      agencyIds: [SCHOOL],
      personId: 'demo-no-app',
      personName: '劉家豪',
      targetType: 'person',
      targetId: 'demo-no-app',
      changes: ['apps'],
      before: { apps: [] },
      after: { apps: ['webitr-edu'] },
    };
    expect(changeLines(entry)).to.deep.equal(['可用系統：（無） → WebITR 差勤系統（學校用）']);
    expect(
      changeLines({ changes: ['roles'], before: { roles: [] }, after: { roles: ['attendance-manager@KH-GUANGHUA-ES'] } }),
    ).to.deep.equal(['角色：（無） → 差勤管理者']);
    expect(actorText({ actor: { kind: 'system', id: 'system:demo-seed' } })).to.equal('系統（示範資料）');
    expect(targetText({ targetType: 'unit', targetId: 'u1' })).to.equal('單位 u1');
    expect(logCsv([entry]).split('\r\n')[1]).to.equal(
      '115-11-26 (四) 09:02,黃建華,劉家豪,授權可用系統,可用系統：（無） → WebITR 差勤系統（學校用）,機關內部網路（127.0.0.1）,',
    );
  });
});
