import { expect } from 'chai';
import { createEvent } from '@webitr/platform';
import { execute as applyApprovalDecision } from '../../src/usecases/apply-approval-decision/index.ts';
import { eventually, expectProblem, LeaveHarness, manager, person } from '../harness.ts';
import type { FormBody } from '../harness.ts';

interface Items<T> {
  items: T[];
}
interface LeaveTypes {
  types: { code: string; balance?: { label: string; remaining: number } }[];
}

describe('leave forms: deputies, lifecycle, approval decisions, events (integration)', function () {
  this.timeout(60_000);
  const h = new LeaveHarness('lifecycle');
  const su = person('蘇怡君');
  const chan = person('詹香瑜');
  const lin = person('林志明');
  const wang = person('王大同');
  const boss = manager('陳主任');
  const outsider = person('張雅婷', { agencyId: 'A-TP-999' });

  const annual = (start: string, end: string, extra: Record<string, unknown> = {}) => ({
    leaveType: 'annual',
    start,
    end,
    reason: '家中有事',
    ...extra,
  });
  const remaining = async (who: typeof su, code: string) => {
    const res = await h.as<LeaveTypes>(who, 'GET', '/leave-types');
    return res.body.types.find((t) => t.code === code)!.balance!;
  };
  const submit = async (who: typeof su, body: unknown) => {
    const res = await h.as<Items<FormBody>>(who, 'POST', '/forms/leave', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.items[0]!;
  };

  before(async () => {
    await h.start([
      'leave.request.submitted',
      'leave.request.approval-requested',
      'leave.request.deputy-consented',
      'leave.request.deputy-declined',
      'leave.request.deputy-transferred',
      'leave.request.returned',
      'leave.request.modified',
      'leave.request.withdrawn',
      'leave.request.approved',
      'leave.request.rejected',
      'leave.request.cancel-requested',
      'leave.request.cancelled',
      'leave.request.cancel-rejected',
    ]);
    await h.directory.add(su, chan, lin, wang, boss, outsider);
  });
  after(() => h.stop());

  describe('deputy list (代理人設定)', () => {
    it('must be set up before the first leave request', async () => {
      const res = await h.as(su, 'POST', '/forms/leave', annual('113-08-20 08:00', '113-08-20 17:15'));
      const problem = expectProblem(res, 409, 'DEPUTIES_NOT_SET', 'body.deputyId');
      expect(problem.detail).to.contain('第一次使用需先設定代理人');
      expect(await h.ctx.models.forms.countDocuments()).to.equal(0);
    });

    it('adds, moves up and down, and removes deputies in order', async () => {
      for (const id of [chan.id, lin.id, wang.id]) expect((await h.as(su, 'POST', '/deputies', { personId: id })).status).to.equal(201);
      let list = await h.as<{ deputies: { personId: string; order: number }[] }>(su, 'POST', `/deputies/${wang.id}/move`, {
        direction: 'up',
      });
      expect(list.body.deputies.map((d) => d.personId)).to.deep.equal([chan.id, wang.id, lin.id]);
      list = await h.as(su, 'POST', `/deputies/${chan.id}/move`, { direction: 'down' });
      expect(list.body.deputies.map((d) => d.personId)).to.deep.equal([wang.id, chan.id, lin.id]);
      list = await h.as(su, 'DELETE', `/deputies/${wang.id}`);
      expect(list.body.deputies.map((d) => [d.order, d.personId])).to.deep.equal([
        [1, chan.id],
        [2, lin.id],
      ]);
      expectProblem(await h.as(su, 'POST', '/deputies', { personId: chan.id }), 409, 'DEPUTY_DUPLICATE', 'body.personId');
      expectProblem(await h.as(su, 'POST', '/deputies', { personId: su.id }), 400, 'DEPUTY_SELF', 'body.personId');
      expectProblem(await h.as(su, 'POST', '/deputies', { personId: 'P-NOBODY' }), 400, 'DEPUTY_UNKNOWN', 'body.personId');
      // Someone of another agency: refused without saying who they are.
      const other = expectProblem(
        await h.as(su, 'POST', '/deputies', { personId: outsider.id }),
        400,
        'DEPUTY_OTHER_AGENCY',
        'body.personId',
      );
      expect(JSON.stringify(other)).not.to.contain('張雅婷');
      await h.as(chan, 'POST', '/deputies', { personId: wang.id });
      for (const who of [chan, lin, wang, boss]) expect((await h.as(who, 'POST', '/deputies', { personId: su.id })).status).to.equal(201);
    });
  });

  describe('submit → deputy → approval → 決行', () => {
    let formId: string;

    it('submits, names the first eligible deputy, reserves the hours and says 1日0小時', async () => {
      const before = await remaining(su, 'annual');
      expect(before.label).to.equal('休假 剩餘: 30日0小時');
      const form = await submit(su, annual('113-08-20 08:00', '113-08-20 17:15'));
      formId = form.id;
      expect(form).to.include({ status: 'waiting-for-deputy', duration: '1日0小時', submission: 1 });
      expect(form.deputy).to.include({ personId: chan.id, status: 'pending' });
      expect((await remaining(su, 'annual')).label).to.equal('休假 剩餘: 29日0小時');
      const submitted = await h.eventOf('leave.request.submitted', formId);
      expect(submitted.payload).to.include({ applicantId: su.id, kind: 'leave', leaveType: 'annual', hours: 8, deputyId: chan.id });
    });

    it("shows in the deputy's 代理案件 with a count, and the applicant's 申請案件", async () => {
      const counts = await h.as<{ applications: number; deputy: number }>(chan, 'GET', '/home/counts');
      expect(counts.body.deputy).to.equal(1);
      const box = await h.as<Items<FormBody>>(chan, 'GET', '/forms?box=deputy&status=pending');
      expect(box.body.items.map((f) => f.id)).to.deep.equal([formId]);
      expect((await h.as<{ applications: number }>(su, 'GET', '/home/counts')).body.applications).to.equal(1);
    });

    it('only the named deputy may consent; consent puts the form in approval and asks for it', async () => {
      expectProblem(await h.as(lin, 'POST', `/forms/${formId}/deputy/consent`), 403, 'NOT_DEPUTY');
      const res = await h.as<FormBody>(chan, 'POST', `/forms/${formId}/deputy/consent`);
      expect(res.body).to.include({ status: 'in-approval' });
      expect(res.body.deputy).to.include({ status: 'consented' });
      const requested = await h.eventOf('leave.request.approval-requested', formId);
      expect(requested.payload).to.include({ submission: 1, deputyId: chan.id, minutes: 480 });
      await h.eventOf('leave.request.deputy-consented', formId);
      expectProblem(await h.as(chan, 'POST', `/forms/${formId}/deputy/consent`), 409, 'DEPUTY_ALREADY_ANSWERED');
    });

    it('a deputy with own leave in the interval cannot act (seed 002 message)', async () => {
      // chan (su's first deputy) asks for leave on the same day; chan's own deputy is wang
      const mine = await submit(chan, annual('113-08-20 08:00', '113-08-20 12:00'));
      expect(mine.deputy).to.include({ personId: wang.id });
      const res = await h.as(su, 'POST', '/forms/leave', annual('113-08-20 13:15', '113-08-20 17:15', { deputyId: chan.id }));
      // overlapping su's own approved-pending leave is refused first
      expectProblem(res, 409, 'OVERLAP', 'body.start');
      const other = await h.as(su, 'POST', '/forms/leave', annual('113-08-20 08:00', '113-08-21 17:15'));
      expectProblem(other, 409, 'OVERLAP');
      // a new interval where chan is on leave: chan refused by name, the default skips to lin
      const chanLater = await submit(chan, annual('113-08-27 08:00', '113-08-27 17:15'));
      const named = await h.as(su, 'POST', '/forms/leave', annual('113-08-27 08:00', '113-08-27 12:00', { deputyId: chan.id }));
      const problem = expectProblem(named, 409, 'DEPUTY_ON_LEAVE', 'body.deputyId');
      expect(problem.detail).to.contain('在請假區間有尚未批核完成的差假申請單，無法再執行代理業務。');
      const byDefault = await submit(su, annual('113-08-27 08:00', '113-08-27 12:00'));
      expect(byDefault.deputy).to.include({ personId: lin.id });
      const list = await h.as<{ deputies: { personId: string; available: boolean; message?: string }[] }>(
        su,
        'GET',
        '/deputies?start=113-08-27%2008:00&end=113-08-27%2017:15',
      );
      expect(list.body.deputies.map((d) => [d.personId, d.available])).to.deep.equal([
        [chan.id, false],
        [lin.id, true],
      ]);
      await h.as(chan, 'POST', `/forms/${chanLater.id}/withdraw`);
      await h.as(chan, 'POST', `/forms/${mine.id}/withdraw`);
      await h.as(su, 'POST', `/forms/${byDefault.id}/withdraw`);
    });

    it('決行 by the approval service consumes the reserved hours and publishes approved', async () => {
      await h.decide('approval.form.approved', { formId, kind: 'leave', subject: 'request', submission: 1, decidedBy: boss.id });
      await h.formReaches(su, formId, 'approved');
      await h.eventOf('leave.request.approved', formId);
      const bal = await remaining(su, 'annual');
      expect(bal.label).to.equal('休假 剩餘: 29日0小時');
      const doc = await h.ctx.models.balances.findById(`${su.id}|annual|2024`).lean();
      expect(Object.keys(doc!.consumed)).to.deep.equal([formId]);
      expect(Object.keys(doc!.reserved)).to.deep.equal([]);
    });

    it('a redelivered or duplicated decision changes nothing', async () => {
      const before = await h.ctx.models.forms.findById(formId).lean();
      const again = await h.decide('approval.form.approved', {
        formId,
        kind: 'leave',
        subject: 'request',
        submission: 1,
        decidedBy: boss.id,
      });
      const late = await h.decide('approval.form.rejected', {
        formId,
        kind: 'leave',
        subject: 'request',
        submission: 1,
        decidedBy: boss.id,
        reason: 'late',
      });
      await h.handled(again);
      await h.handled(late);
      const after = await h.ctx.models.forms.findById(formId).lean();
      expect(after!.version).to.equal(before!.version);
      expect(after!.status).to.equal('approved');
    });

    it('cannot be withdrawn once decided, and is cancelled (撤銷) through approval, releasing the hours', async () => {
      expectProblem(await h.as(su, 'POST', `/forms/${formId}/withdraw`), 409, 'FORM_STATE');
      expectProblem(await h.as(su, 'POST', `/forms/${formId}/cancel`, { reason: '' }), 400, 'VALIDATION_FAILED', 'body.reason');
      const res = await h.as<FormBody>(su, 'POST', `/forms/${formId}/cancel`, { reason: '行程取消' });
      expect(res.body.status).to.equal('cancel-requested');
      const asked = await h.eventOf('leave.request.cancel-requested', formId);
      expect(asked.payload).to.include({ reason: '行程取消', submission: 1 });
      await h.decide('approval.form.approved', { formId, kind: 'leave', subject: 'cancellation', submission: 1, decidedBy: boss.id });
      await h.formReaches(su, formId, 'cancelled');
      await h.eventOf('leave.request.cancelled', formId);
      expect((await remaining(su, 'annual')).label).to.equal('休假 剩餘: 30日0小時');
    });

    it('a cancellation the approval service rejects or returns leaves the form approved, holding its hours', async () => {
      const form = await submit(su, annual('113-10-07 08:00', '113-10-07 17:15'));
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      await h.decide('approval.form.approved', { formId: form.id, kind: 'leave', subject: 'request', submission: 1, decidedBy: boss.id });
      await h.formReaches(su, form.id, 'approved');
      const before = (await remaining(su, 'annual')).remaining;
      await h.as(su, 'POST', `/forms/${form.id}/cancel`, { reason: '改期' });
      await h.decide('approval.form.returned', {
        formId: form.id,
        kind: 'leave',
        subject: 'cancellation',
        submission: 1,
        decidedBy: 'system',
        reason: '',
      });
      const back = await h.formReaches(su, form.id, 'approved');
      expect((back.cancel as { outcome: string }).outcome).to.equal('rejected');
      await h.eventOf('leave.request.cancel-rejected', form.id);
      expect((await remaining(su, 'annual')).remaining).to.equal(before);
      await h.as(su, 'POST', `/forms/${form.id}/cancel`, { reason: '改期' });
      await h.decide('approval.form.approved', {
        formId: form.id,
        kind: 'leave',
        subject: 'cancellation',
        submission: 1,
        decidedBy: boss.id,
      });
      await h.formReaches(su, form.id, 'cancelled');
      expect((await remaining(su, 'annual')).remaining).to.equal(before + 480);
    });

    it('cannot cancel leave that has already started', async () => {
      const form = await submit(su, annual('113-08-01 13:15', '113-08-01 17:15'));
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      await h.decide('approval.form.approved', { formId: form.id, kind: 'leave', subject: 'request', submission: 1, decidedBy: boss.id });
      await h.formReaches(su, form.id, 'approved');
      h.now = new Date('2024-08-01T14:00:00+08:00');
      expectProblem(await h.as(su, 'POST', `/forms/${form.id}/cancel`, { reason: '不去了' }), 409, 'CANCEL_TOO_LATE');
      h.now = new Date('2024-08-01T09:00:00+08:00');
    });
  });

  describe('decline, return, modify, reject, withdraw', () => {
    it('the deputy declines: the form is returned; the applicant modifies it with another deputy and it starts over', async () => {
      const form = await submit(su, annual('113-09-02 08:00', '113-09-02 17:15'));
      const declined = await h.as<FormBody>(chan, 'POST', `/forms/${form.id}/deputy/decline`, { reason: '當天出差' });
      expect(declined.body.status).to.equal('returned');
      await h.eventOf('leave.request.deputy-declined', form.id);
      const returned = await h.eventOf('leave.request.returned', form.id);
      expect(returned.payload).to.include({ by: 'deputy' });
      const modified = await h.as<FormBody>(
        su,
        'PUT',
        `/forms/${form.id}`,
        annual('113-09-02 08:00', '113-09-03 17:15', { deputyId: lin.id }),
      );
      expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
      expect(modified.body).to.include({ status: 'waiting-for-deputy', submission: 2, duration: '2日0小時' });
      expect(modified.body.deputy).to.include({ personId: lin.id, status: 'pending' });
      await h.eventOf('leave.request.modified', form.id);
      // the second round holds the two days; the first round's day is given back
      const doc = await h.ctx.models.balances.findById(`${su.id}|annual|2024`).lean();
      expect(doc!.reserved[`${form.id}@2`]!.amount).to.equal(960);
      expect(doc!.reserved[form.id]).to.equal(undefined);
    });

    it('an approver returns it; a decision about the old round is ignored; then rejected releases the hours', async () => {
      const form = await submit(su, annual('113-09-09 08:00', '113-09-09 12:00'));
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      await h.decide('approval.form.returned', {
        formId: form.id,
        kind: 'leave',
        subject: 'request',
        submission: 1,
        decidedBy: boss.id,
        reason: '請補充事由',
      });
      await h.formReaches(su, form.id, 'returned');
      const modified = await h.as<FormBody>(
        su,
        'PUT',
        `/forms/${form.id}`,
        annual('113-09-09 08:00', '113-09-09 12:00', { reason: '家中有事：陪同就醫' }),
      );
      expect(modified.body.submission).to.equal(2);
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      await h.formReaches(su, form.id, 'in-approval');
      // an approval of round 1 arriving late
      await h.handled(
        await h.decide('approval.form.approved', { formId: form.id, kind: 'leave', subject: 'request', submission: 1, decidedBy: boss.id }),
      );
      expect((await h.as<FormBody>(su, 'GET', `/forms/${form.id}`)).body.status).to.equal('in-approval');
      const before = (await remaining(su, 'annual')).remaining;
      await h.decide('approval.form.rejected', {
        formId: form.id,
        kind: 'leave',
        subject: 'request',
        submission: 2,
        decidedBy: boss.id,
        reason: '人力不足',
      });
      await h.formReaches(su, form.id, 'rejected');
      await h.eventOf('leave.request.rejected', form.id);
      expect((await remaining(su, 'annual')).remaining).to.equal(before + 240);
    });

    it('withdraws (撤回) a pending form and releases its hours', async () => {
      const form = await submit(su, annual('113-09-16 08:00', '113-09-16 17:15'));
      const before = (await remaining(su, 'annual')).remaining;
      const res = await h.as<FormBody>(su, 'POST', `/forms/${form.id}/withdraw`);
      expect(res.body.status).to.equal('withdrawn');
      await h.eventOf('leave.request.withdrawn', form.id);
      expect((await remaining(su, 'annual')).remaining).to.equal(before + 480);
      expectProblem(await h.as(lin, 'POST', `/forms/${form.id}/withdraw`), 403, 'NOT_APPLICANT');
    });
  });

  it('documents its operations in /openapi.json', async () => {
    const doc = (await (await fetch(`${h.http.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.paths['/forms/leave']!.post!.operationId).to.equal('submitLeave');
    expect(doc.paths['/forms/{formId}/deputy/transfer']!.post!.operationId).to.equal('transferDeputy');
    expect(Object.keys(doc.paths).length).to.be.greaterThan(25);
  });

  describe('deputies at consent time, modifying a form in approval, and modifications racing other changes', () => {
    /** The amounts the form holds in su's 2024 休假, under any of its submission rounds. */
    const heldBy = async (formId: string) => {
      const doc = (await h.ctx.models.balances.findById(`${su.id}|annual|2024`).lean())!;
      const of = (charges: Record<string, { amount: number }>) =>
        Object.entries(charges)
          .filter(([key]) => key.split('@')[0] === formId)
          .map(([, c]) => c.amount);
      return { reserved: of(doc.reserved), consumed: of(doc.consumed) };
    };
    /**
     * Run `meanwhile` right before a modification writes this form (its
     * conditional write of a new submission round), i.e. between its read of
     * the form and its write — where a decision, a withdrawal or a deputy's
     * answer (none of which takes the applicant's lock) can land.
     */
    const beforeModificationWrites = (formId: string, meanwhile: () => Promise<unknown>) => {
      type Update = { $set?: { submission?: number } };
      const forms = h.ctx.models.forms as unknown as {
        updateOne: (filter: { _id?: string }, update: Update, ...rest: unknown[]) => unknown;
      };
      const original = forms.updateOne;
      forms.updateOne = async (filter, update, ...rest) => {
        if (filter._id === formId && update.$set?.submission !== undefined) {
          delete (forms as Partial<typeof forms>).updateOne;
          await meanwhile();
        }
        return original.call(forms, filter, update, ...rest);
      };
      return () => delete (forms as Partial<typeof forms>).updateOne;
    };

    it('a deputy who went on leave after being named cannot consent (DEPUTY_ON_LEAVE); once free again they can', async () => {
      const form = await submit(su, annual('113-10-14 08:00', '113-10-14 17:15', { deputyId: chan.id }));
      expect(form.deputy).to.include({ personId: chan.id, status: 'pending' });
      const own = await submit(chan, annual('113-10-14 13:15', '113-10-14 17:15'));
      const p = expectProblem(await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`), 409, 'DEPUTY_ON_LEAVE', 'params.formId');
      expect(p.detail).to.contain('在請假區間有尚未批核完成的差假申請單，無法再執行代理業務。');
      const still = await h.as<FormBody>(su, 'GET', `/forms/${form.id}`);
      expect(still.body).to.include({ status: 'waiting-for-deputy', version: 1 });
      expect(still.body.deputy).to.include({ personId: chan.id, status: 'pending' });
      await h.as(chan, 'POST', `/forms/${own.id}/withdraw`);
      const consented = await h.as<FormBody>(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      expect(consented.body).to.include({ status: 'in-approval' });
    });

    it('modifies a form in approval: a new round that starts at the deputy again, holding only the new time, approved as that round', async () => {
      const form = await submit(su, annual('113-11-11 08:00', '113-11-11 17:15'));
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      await h.formReaches(su, form.id, 'in-approval');
      const before = (await remaining(su, 'annual')).remaining;
      const modified = await h.as<FormBody>(su, 'PUT', `/forms/${form.id}`, annual('113-11-11 08:00', '113-11-12 17:15'));
      expect(modified.status, JSON.stringify(modified.body)).to.equal(200);
      expect(modified.body).to.include({ status: 'waiting-for-deputy', submission: 2, duration: '2日0小時' });
      expect(modified.body.deputy).to.include({ personId: chan.id, status: 'pending' });
      expect(await heldBy(form.id)).to.deep.equal({ reserved: [960], consumed: [] });
      expect((await remaining(su, 'annual')).remaining).to.equal(before - 480);
      await eventually(
        () =>
          h.events.find(
            (e) =>
              e.type === 'leave.request.modified' &&
              (e.payload as { formId: string; submission: number }).formId === form.id &&
              (e.payload as { submission: number }).submission === 2,
          ),
        'modified, round 2',
      );
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      await eventually(
        () =>
          h.events.find(
            (e) =>
              e.type === 'leave.request.approval-requested' &&
              (e.payload as { formId: string }).formId === form.id &&
              (e.payload as { submission: number }).submission === 2,
          ),
        'approval asked for round 2',
      );
      await h.handled(
        await h.decide('approval.form.approved', { formId: form.id, kind: 'leave', subject: 'request', submission: 2, decidedBy: boss.id }),
      );
      expect((await h.as<FormBody>(su, 'GET', `/forms/${form.id}`)).body.status).to.equal('approved');
      expect(await heldBy(form.id)).to.deep.equal({ reserved: [], consumed: [960] });
      expect((await remaining(su, 'annual')).remaining).to.equal(before - 480);
    });

    it('a modification racing 決行 is refused (FORM_CHANGED); the approved form consumes exactly what it held', async () => {
      const form = await submit(su, annual('113-10-21 08:00', '113-10-21 17:15'));
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      const before = (await remaining(su, 'annual')).remaining;
      const decision = createEvent(
        'approval.form.approved',
        { formId: form.id, kind: 'leave', subject: 'request', submission: 1, decidedBy: boss.id },
        'approval',
      );
      const restore = beforeModificationWrites(form.id, () => applyApprovalDecision(h.ctx, 'approved', decision));
      try {
        expectProblem(await h.as(su, 'PUT', `/forms/${form.id}`, annual('113-10-21 08:00', '113-10-22 17:15')), 409, 'FORM_CHANGED');
      } finally {
        restore();
      }
      const after = await h.as<FormBody>(su, 'GET', `/forms/${form.id}`);
      expect(after.body).to.include({ status: 'approved', submission: 1, duration: '1日0小時' });
      expect(await heldBy(form.id)).to.deep.equal({ reserved: [], consumed: [480] });
      expect((await remaining(su, 'annual')).remaining).to.equal(before);
    });

    it('a modification racing a withdrawal is refused; the withdrawn form holds nothing', async () => {
      const form = await submit(su, annual('113-10-28 08:00', '113-10-28 17:15'));
      const before = (await remaining(su, 'annual')).remaining;
      const restore = beforeModificationWrites(form.id, async () =>
        expect((await h.as(su, 'POST', `/forms/${form.id}/withdraw`)).status).to.equal(200),
      );
      try {
        expectProblem(await h.as(su, 'PUT', `/forms/${form.id}`, annual('113-10-28 08:00', '113-10-29 17:15')), 409, 'FORM_CHANGED');
      } finally {
        restore();
      }
      expect((await h.as<FormBody>(su, 'GET', `/forms/${form.id}`)).body).to.include({ status: 'withdrawn', submission: 1 });
      expect(await heldBy(form.id)).to.deep.equal({ reserved: [], consumed: [] });
      expect((await remaining(su, 'annual')).remaining).to.equal(before + 480);
    });

    it("a modification racing the deputy's consent is refused; the form in approval keeps its reservation", async () => {
      const form = await submit(su, annual('113-11-04 08:00', '113-11-04 17:15'));
      const before = (await remaining(su, 'annual')).remaining;
      const restore = beforeModificationWrites(form.id, async () =>
        expect((await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`)).status).to.equal(200),
      );
      try {
        expectProblem(await h.as(su, 'PUT', `/forms/${form.id}`, annual('113-11-04 08:00', '113-11-05 17:15')), 409, 'FORM_CHANGED');
      } finally {
        restore();
      }
      expect((await h.as<FormBody>(su, 'GET', `/forms/${form.id}`)).body).to.include({ status: 'in-approval', submission: 1 });
      expect(await heldBy(form.id)).to.deep.equal({ reserved: [480], consumed: [] });
      expect((await remaining(su, 'annual')).remaining).to.equal(before);
    });
  });

  describe('代理移轉', () => {
    it('an accepting deputy hands the duty on; the new deputy consents, or declining gives it back', async () => {
      const form = await submit(su, annual('113-09-23 08:00', '113-09-23 17:15'));
      expectProblem(await h.as(chan, 'POST', `/forms/${form.id}/deputy/transfer`, { toPersonId: wang.id }), 409, 'DEPUTY_NOT_CONSENTED');
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/consent`);
      const outside = expectProblem(
        await h.as(chan, 'POST', `/forms/${form.id}/deputy/transfer`, { toPersonId: outsider.id }),
        400,
        'TRANSFER_TARGET',
        'body.toPersonId',
      );
      expect(JSON.stringify(outside)).not.to.contain('張雅婷');
      const moved = await h.as<FormBody>(chan, 'POST', `/forms/${form.id}/deputy/transfer`, { toPersonId: wang.id });
      expect(moved.body.deputy).to.include({ personId: wang.id, status: 'pending' });
      expect(moved.body.status).to.equal('in-approval');
      await h.eventOf('leave.request.deputy-transferred', form.id);
      expect((await h.as<{ deputy: number }>(wang, 'GET', '/home/counts')).body.deputy).to.equal(1);
      const back = await h.as<FormBody>(wang, 'POST', `/forms/${form.id}/deputy/decline`, { reason: '無法' });
      expect(back.body.deputy).to.include({ personId: chan.id, status: 'consented' });
      expect(back.body.status).to.equal('in-approval');
      await h.as(chan, 'POST', `/forms/${form.id}/deputy/transfer`, { toPersonId: lin.id });
      const accepted = await h.as<FormBody>(lin, 'POST', `/forms/${form.id}/deputy/consent`);
      expect(accepted.body.deputy).to.include({ personId: lin.id, status: 'consented' });
      await eventually(
        () =>
          h.events.filter((e) => e.type === 'leave.request.deputy-consented' && (e.payload as { formId: string }).formId === form.id)
            .length === 2 || undefined,
        'second consent',
      );
      // What the approval service orders them by: the form's version after each change, and who handed the duty on.
      const ofDeputy = () =>
        h.events.filter((e) => e.type.startsWith('leave.request.deputy-') && (e.payload as { formId: string }).formId === form.id);
      await eventually(() => ofDeputy().length === 5 || undefined, 'all five deputy events');
      const deputyEvents = ofDeputy()
        .map((e) => ({
          type: e.type.replace('leave.request.deputy-', ''),
          ...(e.payload as { formVersion: number; transferredFrom?: string }),
        }))
        .sort((a, b) => a.formVersion - b.formVersion);
      expect(deputyEvents.map((e) => [e.type, e.transferredFrom])).to.deep.equal([
        ['consented', undefined],
        ['transferred', undefined],
        ['declined', chan.id],
        ['transferred', undefined],
        ['consented', chan.id],
      ]);
      expect(deputyEvents.map((e) => e.formVersion)).to.satisfy((v: number[]) => v.every((n, i) => i === 0 || n > v[i - 1]!));
      expect(deputyEvents.at(-1)!.formVersion).to.equal(accepted.body.version);
    });
  });
});
