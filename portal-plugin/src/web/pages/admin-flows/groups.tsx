// 流程群組 and 差假類別群組, each added or edited in place on 批核流程設定, and
// what a save answers: who still has no route, or why the service refused it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { categoryGroupBody, flowGroupBody } from '@webitr/contracts/forms/approval';
import type { CategoryGroup, CategoryGroupBody, FlowGroup, FlowGroupBody } from '@webitr/contracts/forms/approval';
import { FORM_KIND_LABEL, LEAVE_TYPE_CODES, LEAVE_TYPE_NAMES } from '@webitr/contracts/forms/leave';
import type { FormKind } from '@webitr/contracts/events/leave';
import type { UnitView } from '@webitr/contracts/views/directory';
import type { UnroutableView } from '@webitr/contracts/views/approval';
import { FLOWS_KEY, approvalAdmin } from '../../api/approval-admin.ts';
import type { SavedGroupView } from '../../api/approval-admin.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { Check } from '../../components/check.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PersonPicker } from '../../components/person-picker.tsx';
import type { PickedPerson } from '../../components/person-picker.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { bodyResolver } from '../../lib/form-values.ts';
import type { Names } from './logic.ts';

const FORM_KINDS = Object.keys(FORM_KIND_LABEL) as FormKind[];

/** A new group's id: the service keys groups by the id in the path. */
const newGroupId = () => `g-${crypto.randomUUID().slice(0, 8)}`;

/**
 * A save the service refused: its problem, and each person or step it names
 * that the form has no field for (FLOW_UNRESOLVABLE lists who would lose their route, and why).
 */
export function SaveProblem({ problem, placed }: { problem: ProblemError; placed: readonly string[] }) {
  if (!isProblem(problem)) return <ProblemMessage problem={networkError()} />;
  const { unplaced } = fieldErrorsFor(problem, placed);
  return (
    <>
      <ProblemMessage problem={problem} />
      {unplaced.length > 0 ? (
        <ul className="problem-list" aria-label="無法批核的原因">
          {unplaced.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Who a save left without a route (before and after it): their forms are returned to them with this reason. */
export function UnroutableNote({ unroutable }: { unroutable: readonly UnroutableView[] }) {
  if (unroutable.length === 0) return null;
  const people = [...new Map(unroutable.map((u) => [u.personId, u])).values()];
  return (
    <div className="flow-note" role="status">
      <p>以下人員在變更前後皆無可用的批核流程，送出的表單會退回並告知原因：</p>
      <ul>
        {people.map((u) => (
          <li key={u.personId}>
            {u.personName ?? u.personId}：步驟「{u.step}」{u.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function useSaveGroup<B>(save: (body: B) => Promise<SavedGroupView>, onSaved: (saved: SavedGroupView) => void) {
  const queryClient = useQueryClient();
  return useMutation<SavedGroupView, ProblemError, B>({
    mutationFn: save,
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: FLOWS_KEY });
      onSaved(saved);
    },
  });
}

interface FlowGroupFields {
  name: string;
  isDefault: boolean;
  people: PickedPerson[];
  unitIds: string[];
  jobCategories: string;
}
const FLOW_GROUP_FIELDS = ['name', 'isDefault', 'personIds', 'unitIds', 'jobCategories'] as const;

const flowGroupBodyOf = (f: FlowGroupFields): FlowGroupBody => ({
  name: f.name,
  isDefault: f.isDefault,
  personIds: f.people.map((p) => p.id),
  unitIds: f.unitIds,
  jobCategories: f.jobCategories
    .split(/[,，、]/)
    .map((c) => c.trim())
    .filter(Boolean),
});

/** 流程群組: its name and whom it applies to (people, units, job categories, or the agency default). */
export function FlowGroupForm(props: {
  agencyId: string;
  group?: FlowGroup;
  names: Names;
  units: readonly UnitView[];
  onDone: () => void;
}) {
  const { agencyId, group, names, units, onDone } = props;
  const [saved, setSaved] = useState<SavedGroupView>();
  const [picking, setPicking] = useState<PickedPerson>();
  const [round, setRound] = useState(0);
  const initial: FlowGroupFields = {
    name: group?.name ?? '',
    isDefault: group?.isDefault ?? false,
    people: (group?.personIds ?? []).map((id) => ({ id, name: names.people[id] ?? id })),
    unitIds: group?.unitIds ?? [],
    jobCategories: (group?.jobCategories ?? []).join('、'),
  };
  const { control, handleSubmit, setError, reset } = useForm<FlowGroupFields>({
    resolver: bodyResolver<FlowGroupFields>(flowGroupBody, flowGroupBodyOf),
    defaultValues: initial,
  });
  const save = useSaveGroup<FlowGroupBody>(
    (body) => approvalAdmin.saveFlowGroup(agencyId, group?.id ?? newGroupId(), body),
    (result) => {
      setSaved(result);
      if (!group) {
        reset(initial);
        setRound((n) => n + 1);
      } else if (result.unroutable.length === 0) onDone();
    },
  );
  const onError = (problem: ProblemError) => {
    if (!isProblem(problem)) return;
    for (const { name, message } of fieldErrorsFor(problem, FLOW_GROUP_FIELDS).fields)
      setError(name === 'personIds' ? 'people' : name, { type: 'server', message });
  };
  const formId = group ? `flow-group-${group.id}` : 'new-flow-group';
  return (
    <form
      className="unit-form"
      aria-label={group ? `編輯流程群組 ${group.name}` : '新增流程群組'}
      noValidate
      onSubmit={(e) => void handleSubmit((body) => save.mutate(body as unknown as FlowGroupBody, { onError }))(e)}
    >
      <div className="filters">
        <Controller
          control={control}
          name="name"
          render={({ field, fieldState }) => (
            <TextInput
              label="群組名稱"
              name="name"
              isRequired
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="jobCategories"
          render={({ field, fieldState }) => (
            <TextInput
              label="職務類別"
              name="jobCategories"
              value={field.value}
              onChange={field.onChange}
              description="例如：教師、職員；以頓號分隔"
              error={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="isDefault"
          render={({ field }) => (
            <Check isSelected={field.value} onChange={field.onChange}>
              機關預設群組
            </Check>
          )}
        />
      </div>
      <Controller
        control={control}
        name="unitIds"
        render={({ field }) => (
          <fieldset className="checks-field">
            <legend>適用單位</legend>
            <div className="checks">
              {units.map((u) => (
                <Check
                  key={u.id}
                  isSelected={field.value.includes(u.id)}
                  onChange={(on) => field.onChange(on ? [...field.value, u.id] : field.value.filter((id) => id !== u.id))}
                >
                  {u.name}
                </Check>
              ))}
            </div>
          </fieldset>
        )}
      />
      <Controller
        control={control}
        name="people"
        render={({ field, fieldState }) => (
          <fieldset className="checks-field">
            <legend>適用人員</legend>
            {field.value.length > 0 ? (
              <ul className="chips">
                {field.value.map((p) => (
                  <li key={p.id}>
                    {p.name}
                    <Button
                      className="secondary"
                      aria-label={`移除 ${p.name}`}
                      onPress={() => field.onChange(field.value.filter((x) => x.id !== p.id))}
                    >
                      移除
                    </Button>
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="filters two">
              <PersonPicker
                key={round}
                id={`${formId}-person`}
                label="加入人員"
                agencyId={agencyId}
                status="active"
                value={picking}
                onChange={setPicking}
                errorMessage={fieldState.error?.message}
              />
              <p className="actions">
                <Button
                  className="secondary"
                  isDisabled={!picking}
                  onPress={() => {
                    if (picking && !field.value.some((p) => p.id === picking.id)) field.onChange([...field.value, picking]);
                    setPicking(undefined);
                    setRound((n) => n + 1);
                  }}
                >
                  加入
                </Button>
              </p>
            </div>
          </fieldset>
        )}
      />
      {save.error ? <SaveProblem problem={save.error} placed={FLOW_GROUP_FIELDS} /> : null}
      {saved ? (
        <>
          <p role="status" className="muted">
            已儲存流程群組「{saved.name}」。
          </p>
          <UnroutableNote unroutable={saved.unroutable} />
        </>
      ) : null}
      <p className="actions">
        <Button type="submit" isDisabled={save.isPending}>
          {group ? '儲存流程群組' : '新增流程群組'}
        </Button>
        {group ? (
          <Button className="secondary" onPress={onDone}>
            取消
          </Button>
        ) : null}
      </p>
    </form>
  );
}

type CategoryFields = Required<Pick<CategoryGroupBody, 'name' | 'formKinds' | 'leaveTypes'>>;
const CATEGORY_FIELDS = ['name', 'formKinds', 'leaveTypes'] as const;
/** Leave types only for a group that covers 差假. */
const categoryBodyOf = (f: CategoryFields): CategoryGroupBody => ({ ...f, leaveTypes: f.formKinds.includes('leave') ? f.leaveTypes : [] });

/** 差假類別群組: its name, the form kinds, and for 差假 the leave types (none chosen: every type). */
export function CategoryGroupForm({ agencyId, group, onDone }: { agencyId: string; group?: CategoryGroup; onDone: () => void }) {
  const [saved, setSaved] = useState<SavedGroupView>();
  const initial: CategoryFields = {
    name: group?.name ?? '',
    formKinds: group?.formKinds ?? ['leave'],
    leaveTypes: group?.leaveTypes ?? [],
  };
  const { control, handleSubmit, setError, reset } = useForm<CategoryFields>({
    resolver: bodyResolver<CategoryFields>(categoryGroupBody, categoryBodyOf),
    defaultValues: initial,
  });
  const save = useSaveGroup<CategoryGroupBody>(
    (body) => approvalAdmin.saveCategoryGroup(agencyId, group?.id ?? newGroupId(), body),
    (result) => {
      setSaved(result);
      if (!group) reset(initial);
      else if (result.unroutable.length === 0) onDone();
    },
  );
  const onError = (problem: ProblemError) => {
    if (!isProblem(problem)) return;
    for (const { name, message } of fieldErrorsFor(problem, CATEGORY_FIELDS).fields) setError(name, { type: 'server', message });
  };
  const kinds = useWatch({ control, name: 'formKinds' });
  return (
    <form
      className="unit-form"
      aria-label={group ? `編輯差假類別群組 ${group.name}` : '新增差假類別群組'}
      noValidate
      onSubmit={(e) => void handleSubmit((body) => save.mutate(body as unknown as CategoryGroupBody, { onError }))(e)}
    >
      <div className="filters">
        <Controller
          control={control}
          name="name"
          render={({ field, fieldState }) => (
            <TextInput
              label="群組名稱"
              name="name"
              isRequired
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
      </div>
      <Controller
        control={control}
        name="formKinds"
        render={({ field, fieldState }) => (
          <fieldset className="checks-field" aria-describedby={fieldState.error ? `${group?.id ?? 'new'}-kinds-error` : undefined}>
            <legend>表單類別</legend>
            <div className="checks">
              {FORM_KINDS.map((k) => (
                <Check
                  key={k}
                  isSelected={field.value.includes(k)}
                  onChange={(on) => field.onChange(on ? [...field.value, k] : field.value.filter((x) => x !== k))}
                >
                  {FORM_KIND_LABEL[k]}
                </Check>
              ))}
            </div>
            {fieldState.error ? (
              <p className="field-error" id={`${group?.id ?? 'new'}-kinds-error`}>
                {fieldState.error.message}
              </p>
            ) : null}
          </fieldset>
        )}
      />
      {kinds.includes('leave') ? (
        <Controller
          control={control}
          name="leaveTypes"
          render={({ field }) => (
            <fieldset className="checks-field">
              <legend>假別（不勾選即涵蓋全部假別）</legend>
              <div className="checks">
                {LEAVE_TYPE_CODES.map((t) => (
                  <Check
                    key={t}
                    isSelected={field.value.includes(t)}
                    onChange={(on) => field.onChange(on ? [...field.value, t] : field.value.filter((x) => x !== t))}
                  >
                    {LEAVE_TYPE_NAMES[t]}
                  </Check>
                ))}
              </div>
            </fieldset>
          )}
        />
      ) : null}
      {save.error ? <SaveProblem problem={save.error} placed={CATEGORY_FIELDS} /> : null}
      {saved ? (
        <>
          <p role="status" className="muted">
            已儲存差假類別群組「{saved.name}」。
          </p>
          <UnroutableNote unroutable={saved.unroutable} />
        </>
      ) : null}
      <p className="actions">
        <Button type="submit" isDisabled={save.isPending}>
          {group ? '儲存差假類別群組' : '新增差假類別群組'}
        </Button>
        {group ? (
          <Button className="secondary" onPress={onDone}>
            取消
          </Button>
        ) : null}
      </p>
    </form>
  );
}
