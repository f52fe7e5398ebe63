// The words of 批核流程查詢 and 批核流程設定: who decides a step, when it
// applies, what their decision reads (核准, 會畢, 決行), and the route a
// preview answered, as numbered lines. Pure, so the unit tests read them.
import { APPROVER_KIND_NAMES, CONDITION_MEASURE_NAMES, CONDITION_OP_NAMES, DAY_MINUTES } from '@webitr/contracts/forms/approval';
import type { Approver, CategoryGroup, Condition, FlowGroup, Step } from '@webitr/contracts/forms/approval';
import type { RoutePreview } from '@webitr/contracts/api/approval';
import { FORM_KIND_LABEL, LEAVE_TYPE_NAMES } from '@webitr/contracts/forms/leave';
import { roleLabel } from '../../lib/labels.ts';

/** What the page knows to name: people by id (the service's `names`), units by id (the directory's). */
export interface Names {
  people: Readonly<Record<string, string>>;
  units: Readonly<Record<string, string>>;
}

/** 批核者 in words: 「單位主管」, 「上1級單位主管」, 「人事室主管」, 「角色：差勤管理者」, 「指定人員：王美玲」. */
export function approverText(approver: Approver, names: Names): string {
  switch (approver.kind) {
    case 'unit-head':
      return approver.levelsUp ? `上${approver.levelsUp}級單位主管` : '單位主管';
    case 'unit':
      return `${names.units[approver.unitId] ?? approver.unitId}主管`;
    case 'role':
      return `角色：${roleLabel(approver.role)}`;
    case 'person':
      return `指定人員：${names.people[approver.personId] ?? approver.personId}`;
    default:
      return APPROVER_KIND_NAMES[approver.kind];
  }
}

/** 「超過 3 日時」; nothing for a step that always applies. */
export function conditionText(when: Condition | undefined): string {
  if (!when) return '';
  return `${CONDITION_OP_NAMES[when.op]} ${when.value} ${CONDITION_MEASURE_NAMES[when.measure]}時`;
}

/**
 * What this step's decision reads. A countersign (會辦) reads 「會畢」; the last
 * step that applies decides (決行): the last step always, an earlier one when
 * every later step has a condition that may not hold.
 */
export function decisionText(step: Pick<Step, 'countersign' | 'approver'>, index: number, steps: readonly Pick<Step, 'when'>[]): string {
  if (step.approver.kind === 'deputy') return '代理人同意';
  if (step.countersign) return '會辦（批示「會畢」）';
  if (index === steps.length - 1) return '決行';
  if (steps.slice(index + 1).every((s) => s.when)) return '核准；其後步驟不適用時決行';
  return '核准後陳送下一步';
}

/** One numbered line of a flow as configured: 「1. 單位主管（單位主管）不超過 3 日時 — 決行」. */
export function stepLine(step: Step, index: number, steps: readonly Step[], names: Names): string {
  const who = approverText(step.approver, names);
  const when = conditionText(step.when);
  return `${index + 1}. ${step.label}${who === step.label ? '' : `（${who}）`}${when ? ` ${when}` : ''} — ${decisionText(step, index, steps)}`;
}

/** 流程群組's 適用對象 in words. */
export function flowGroupScope(group: FlowGroup, names: Names): string {
  const parts = [
    ...(group.isDefault ? ['機關預設（其他群組未涵蓋者）'] : []),
    ...(group.personIds.length ? [`人員：${group.personIds.map((id) => names.people[id] ?? id).join('、')}`] : []),
    ...(group.unitIds.length ? [`單位：${group.unitIds.map((id) => names.units[id] ?? id).join('、')}`] : []),
    ...(group.jobCategories.length ? [`職務類別：${group.jobCategories.join('、')}`] : []),
  ];
  return parts.length ? parts.join('；') : '（尚無適用對象）';
}

/** 差假類別群組's 內容 in words. */
export function categoryScope(group: CategoryGroup): string {
  const kinds = group.formKinds.map((k) => FORM_KIND_LABEL[k]).join('、');
  if (!group.formKinds.includes('leave')) return kinds;
  const types = group.leaveTypes.length
    ? group.leaveTypes.map((t) => (LEAVE_TYPE_NAMES as Record<string, string>)[t] ?? t).join('、')
    : '全部假別';
  return `${kinds}（假別：${types}）`;
}

/** 天數 as typed (「2」, 「0.5」) in minutes of 8-hour days; NaN when it is not a number. */
export function minutesOfDays(text: string): number {
  const days = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(days)) return Number.NaN;
  return Math.round(days * DAY_MINUTES);
}

export interface RouteLine {
  number: number;
  label: string;
  approvers: string;
  decision: '核准' | '會畢' | '決行';
  /** 「林志明 今日請假，由 王美玲 代理批核」, one per approver away. */
  standIns: string[];
}

/** A preview's route as the page lists it: numbered steps, who decides each today, and who stands in for whom. */
export function routeLines(preview: Extract<RoutePreview, { status: 'routable' }>): RouteLine[] {
  const name = (id: string) => preview.names?.[id] ?? id;
  return preview.steps.map((step, i) => ({
    number: i + 1,
    label: step.label,
    approvers: step.approverIds.map(name).join('、'),
    decision: step.countersign ? '會畢' : step.final ? '決行' : '核准',
    standIns: (step.standIns ?? []).map((s) => `${name(s.approverId)} 今日請假，由 ${name(s.deputyId)} 代理批核`),
  }));
}

// ── The flow form (批核流程 編輯) ──────────────────────────────────────────────

/** One step as the form holds it: every kind's field at once (the kind chosen decides which is sent), numbers as typed. */
export interface StepFields {
  kind: Approver['kind'];
  levelsUp: string;
  unitId: string;
  role: string;
  person: { id: string; name: string } | undefined;
  label: string;
  countersign: boolean;
  /** 「」: always applies. */
  op: '' | Condition['op'];
  measure: Condition['measure'];
  value: string;
}

export interface FlowFields {
  name: string;
  flowGroupId: string;
  categoryGroupId: string;
  steps: StepFields[];
}

/** A new step: the unit head, always, named as the seeds name it. */
export const NEW_STEP: StepFields = {
  kind: 'unit-head',
  levelsUp: '0',
  unitId: '',
  role: 'attendance-manager',
  person: undefined,
  label: '單位主管',
  countersign: false,
  op: '',
  measure: 'days',
  value: '',
};

export function stepFieldsOf(step: Step, names: Names): StepFields {
  const a = step.approver;
  return {
    ...NEW_STEP,
    kind: a.kind,
    levelsUp: a.kind === 'unit-head' ? String(a.levelsUp ?? 0) : '0',
    unitId: a.kind === 'unit' ? a.unitId : '',
    role: a.kind === 'role' ? a.role : NEW_STEP.role,
    person: a.kind === 'person' ? { id: a.personId, name: names.people[a.personId] ?? a.personId } : undefined,
    label: step.label,
    countersign: step.countersign ?? false,
    op: step.when?.op ?? '',
    measure: step.when?.measure ?? 'days',
    value: step.when ? String(step.when.value) : '',
  };
}

/** The step the contracts' schema reads; a number that is not one is sent as NaN, so the schema names it. */
export function stepOf(f: StepFields): unknown {
  const approver =
    f.kind === 'unit-head'
      ? { kind: f.kind, levelsUp: Number(f.levelsUp) }
      : f.kind === 'unit'
        ? { kind: f.kind, unitId: f.unitId }
        : f.kind === 'role'
          ? { kind: f.kind, role: f.role }
          : f.kind === 'person'
            ? { kind: f.kind, personId: f.person?.id ?? '' }
            : { kind: f.kind };
  const value = f.value.trim() === '' ? Number.NaN : Number(f.value);
  return { approver, label: f.label, countersign: f.countersign, ...(f.op ? { when: { measure: f.measure, op: f.op, value } } : {}) };
}

export function flowBodyOf(f: FlowFields, version: number | undefined): unknown {
  return {
    name: f.name,
    flowGroupId: f.flowGroupId,
    categoryGroupId: f.categoryGroupId,
    steps: f.steps.map(stepOf),
    ...(version === undefined ? {} : { version }),
  };
}

/** The step as a configured step again, for the numbered summary while editing (whatever is not valid yet reads as typed). */
export function stepPreviewOf(f: StepFields): Step {
  return stepOf(f) as Step;
}

/** The message at a path of react-hook-form's errors (`steps.0.approver.unitId`), its own only. */
export function errorAt(errors: unknown, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  const message = node && typeof node === 'object' ? (node as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message ? message : undefined;
}
