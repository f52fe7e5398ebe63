import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '@webitr/platform';
import type { ApprovalContext } from '../../context.ts';
import type { Step } from '../../domain/flow.ts';

const SCHOOL = 'KH-GUANGHUA-ES';
const CITY = 'TP-DOIT';
const ACTOR = 'demo-seed';

/**
 * Demo flows for `npm start` (development only, APPROVAL_SEED_DEMO=true), so
 * a demo leave request can go all the way: up to 3 days the unit head
 * decides; longer, the unit head, a 人事室 countersign, then the principal
 * (決行). The principal's own leave goes to the city's system administrator.
 * Idempotent; the 人事室 unit id comes from the directory, so the caller
 * retries until the directory answers.
 */
export async function execute(ctx: ApprovalContext): Promise<void> {
  const personnelUnitId = (await ctx.person('demo-personnel')).unitId;
  const now = ctx.clock();
  const groups = [
    { agencyId: SCHOOL, id: 'all-staff', name: '全校教職員', isDefault: true, personIds: [] as string[] },
    { agencyId: SCHOOL, id: 'principal', name: '校長', isDefault: false, personIds: ['demo-principal'] },
    { agencyId: CITY, id: 'all-staff', name: '全局同仁', isDefault: true, personIds: [] as string[] },
  ];
  for (const g of groups) await createOnce(ctx.flows.FlowGroup, { _id: `${g.agencyId}:${g.id}`, ...g, unitIds: [], jobCategories: [] });
  for (const agencyId of [SCHOOL, CITY]) {
    await createOnce(ctx.flows.CategoryGroup, {
      _id: `${agencyId}:all-forms`,
      id: 'all-forms',
      agencyId,
      name: '差假、加班、補休、忘刷卡',
      formKinds: ['leave', 'overtime', 'comp-time', 'forgotten-punch'],
      leaveTypes: [],
    });
  }
  const schoolSteps: Step[] = [
    { approver: { kind: 'unit-head', levelsUp: 0 }, countersign: false, label: '單位主管', when: { measure: 'days', op: 'lte', value: 3 } },
    { approver: { kind: 'unit-head', levelsUp: 0 }, countersign: false, label: '單位主管', when: { measure: 'days', op: 'gt', value: 3 } },
    ...(personnelUnitId
      ? [
          {
            approver: { kind: 'unit' as const, unitId: personnelUnitId },
            countersign: true,
            label: '人事室',
            when: { measure: 'days' as const, op: 'gt' as const, value: 3 },
          },
        ]
      : []),
    { approver: { kind: 'agency-head' }, countersign: false, label: '校長', when: { measure: 'days', op: 'gt', value: 3 } },
  ];
  const flows = [
    {
      _id: 'demo-school-staff',
      agencyId: SCHOOL,
      name: '教職員差假',
      flowGroupId: 'all-staff',
      categoryGroupId: 'all-forms',
      steps: schoolSteps,
    },
    {
      _id: 'demo-school-principal',
      agencyId: SCHOOL,
      name: '校長差假',
      flowGroupId: 'principal',
      categoryGroupId: 'all-forms',
      steps: [{ approver: { kind: 'person', personId: 'demo-city-admin' }, countersign: false, label: '教育局' }],
    },
    {
      _id: 'demo-city-staff',
      agencyId: CITY,
      name: '同仁差假',
      flowGroupId: 'all-staff',
      categoryGroupId: 'all-forms',
      steps: [{ approver: { kind: 'unit-head', levelsUp: 0 }, countersign: false, label: '單位主管' }],
    },
  ];
  for (const flow of flows) await createOnce(ctx.flows.Flow, { ...flow, version: 1, updatedBy: ACTOR, updatedAt: now });
}

/** Insert unless it is there: what an attendance manager changed since stays as it is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of the three config models
async function createOnce(model: Model<any>, doc: { _id: string } & Record<string, unknown>): Promise<void> {
  if (await model.exists({ _id: doc._id })) return;
  await model.create(doc).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
  });
}
