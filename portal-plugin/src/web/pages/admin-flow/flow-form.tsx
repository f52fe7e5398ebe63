// One flow edited (批核流程 新增 / 編輯, seed 001 14-1 and 14-3): its name, the
// flow group and category group it serves, and its steps in order — who
// approves each (the unit head, a named unit's head, a role, the agency head,
// a named person), when it applies, and whether it is a countersign (會辦,
// whose result reads 「會畢」); steps added, removed and moved. The numbered
// summary under it says what each step's decision will read (核准, 會畢, 決行).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { Controller, useFieldArray, useForm, useWatch } from 'react-hook-form';
import type { Control, FieldErrors } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { APPROVER_KIND_NAMES, CONDITION_MEASURE_NAMES, CONDITION_OP_NAMES, flowBody } from '@webitr/contracts/forms/approval';
import type { FlowBody } from '@webitr/contracts/forms/approval';
import type { FlowView, FlowsView, SavedFlowView } from '@webitr/contracts/views/approval';
import type { UnitView } from '@webitr/contracts/views/directory';
import { IdempotencyKeys } from '../../api/client.ts';
import { FLOWS_KEY, approvalAdmin } from '../../api/approval-admin.ts';
import { isProblem } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { Check } from '../../components/check.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PersonPicker } from '../../components/person-picker.tsx';
import { bodyResolver } from '../../lib/form-values.ts';
import { roleLabel } from '../../lib/labels.ts';
import { SaveProblem } from '../admin-flows/groups.tsx';
import { NEW_STEP, decisionText, errorAt, flowBodyOf, stepFieldsOf, stepLine, stepPreviewOf } from '../admin-flows/logic.ts';
import type { FlowFields, Names } from '../admin-flows/logic.ts';

const FLOW_FIELDS = ['name', 'flowGroupId', 'categoryGroupId', 'steps'] as const;
const ROLES = ['attendance-manager', 'agency-admin', 'unit-supervisor', 'system-admin'] as const;
const LEVELS = [0, 1, 2, 3, 4, 5].map((n) => [String(n), n === 0 ? '直屬單位主管' : `上${n}級單位主管`] as const);

/** Where a saved flow goes next: the page shows what the save answered. */
export interface SavedState {
  saved?: string;
  copiedFrom?: string;
  unroutable?: SavedFlowView['unroutable'];
}

export function FlowForm(props: { agencyId: string; config: FlowsView; units: readonly UnitView[]; names: Names; flow?: FlowView }) {
  const { agencyId, config, units, names, flow } = props;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const keys = useRef(new IdempotencyKeys());
  const initial: FlowFields = {
    name: flow?.name ?? '',
    flowGroupId: flow?.flowGroupId ?? '',
    categoryGroupId: flow?.categoryGroupId ?? '',
    steps: flow ? flow.steps.map((s) => stepFieldsOf(s, names)) : [{ ...NEW_STEP }],
  };
  const { control, handleSubmit, setError, formState } = useForm<FlowFields>({
    resolver: bodyResolver<FlowFields>(flowBody, (f) => flowBodyOf(f, flow?.version)),
    defaultValues: initial,
  });
  const steps = useFieldArray({ control, name: 'steps' });
  const save = useMutation<SavedFlowView, ProblemError, FlowBody>({
    mutationFn: (body) =>
      flow ? approvalAdmin.updateFlow(agencyId, flow.id, body) : approvalAdmin.createFlow(agencyId, body, keys.current.keyFor(body)),
    onSuccess: async (saved, body) => {
      keys.current.done();
      await queryClient.invalidateQueries({ queryKey: FLOWS_KEY });
      const state: SavedState = { saved: `已儲存「${body.name}」（第 ${saved.version} 版）。`, unroutable: saved.unroutable };
      await navigate(adminUrl(agencyId, 'flows/:flowId', { flowId: saved.id }), { state, replace: Boolean(flow) });
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const e of problem.errors) {
        const path = e.field.replace(/^body\./, '');
        // A step the service could not resolve (FLOW_UNRESOLVABLE: `steps.2`), or a field of the form.
        if (/^steps\.\d+$/.test(path)) setError(path as `steps.${number}`, { type: 'server', message: e.message });
        else if ((FLOW_FIELDS as readonly string[]).includes(path)) setError(path as 'name', { type: 'server', message: e.message });
      }
    },
  });
  // Every field, as typed: the numbered summary and each step's decision follow the edits.
  const watched = useWatch({ control }) as Partial<FlowFields>;
  // Each step as typed now: the field array's rows (right after an add, remove or move) with the watched values over them.
  const current = steps.fields.map((row, i) => ({ ...NEW_STEP, ...row, ...watched.steps?.[i] }));
  const previewSteps = current.map(stepPreviewOf);
  return (
    <form
      className="flow-form"
      aria-label={flow ? `編輯 ${flow.name}` : '新增批核流程'}
      noValidate
      // The resolver hands over the body it checked (bodyResolver), not the fields.
      onSubmit={(e) => void handleSubmit((body) => save.mutate(body as unknown as FlowBody))(e)}
    >
      <div className="filters">
        <Controller
          control={control}
          name="name"
          render={({ field, fieldState }) => (
            <TextInput
              label="流程名稱"
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
          name="flowGroupId"
          render={({ field, fieldState }) => (
            <Choice
              id="flow-group"
              label="流程群組"
              value={field.value}
              options={config.flowGroups.map((g) => [g.id, g.name] as const)}
              onChange={field.onChange}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="categoryGroupId"
          render={({ field, fieldState }) => (
            <Choice
              id="category-group"
              label="差假類別群組"
              value={field.value}
              options={config.categoryGroups.map((g) => [g.id, g.name] as const)}
              onChange={field.onChange}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
      </div>
      <h2 id="steps-title">批核步驟</h2>
      {errorAt(formState.errors, 'steps') ? (
        <p className="field-error" role="alert">
          {errorAt(formState.errors, 'steps')}
        </p>
      ) : null}
      <ol className="step-editor" aria-labelledby="steps-title">
        {steps.fields.map((item, i) => (
          <li key={item.id}>
            <StepEditor
              index={i}
              id={item.id}
              control={control}
              errors={formState.errors}
              agencyId={agencyId}
              units={units}
              kind={current[i]!.kind}
              conditional={Boolean(current[i]!.op)}
              decision={decisionText(previewSteps[i]!, i, previewSteps)}
            />
            <p className="actions">
              <Button className="secondary" aria-label={`步驟 ${i + 1} 上移`} isDisabled={i === 0} onPress={() => steps.move(i, i - 1)}>
                上移
              </Button>
              <Button
                className="secondary"
                aria-label={`步驟 ${i + 1} 下移`}
                isDisabled={i === steps.fields.length - 1}
                onPress={() => steps.move(i, i + 1)}
              >
                下移
              </Button>
              <Button
                className="secondary"
                aria-label={`刪除步驟 ${i + 1}`}
                isDisabled={steps.fields.length === 1}
                onPress={() => steps.remove(i)}
              >
                刪除步驟
              </Button>
            </p>
          </li>
        ))}
      </ol>
      <p className="actions">
        <Button className="secondary" isDisabled={steps.fields.length >= 12} onPress={() => steps.append({ ...NEW_STEP })}>
          新增步驟
        </Button>
      </p>
      <section aria-labelledby="summary-title" className="flow-summary">
        <h2 id="summary-title">流程摘要</h2>
        {/* Numbered in the text: Chromium does not renumber list items moved in place. */}
        <ol id="flow-summary" className="flow-steps numbered">
          {previewSteps.map((s, i) => (
            <li key={steps.fields[i]?.id ?? i}>{stepLine(s, i, previewSteps, names)}</li>
          ))}
        </ol>
      </section>
      {save.error ? <SaveProblem problem={save.error} placed={[...FLOW_FIELDS, ...current.map((_, i) => `steps.${i}`)]} /> : null}
      <p className="actions">
        <Button type="submit" isDisabled={save.isPending}>
          {flow ? '儲存流程' : '新增流程'}
        </Button>
      </p>
    </form>
  );
}

/** One step's fields: its name, who approves, when it applies, 會辦. */
function StepEditor(props: {
  index: number;
  id: string;
  control: Control<FlowFields>;
  errors: FieldErrors<FlowFields>;
  agencyId: string;
  units: readonly UnitView[];
  kind: FlowFields['steps'][number]['kind'];
  conditional: boolean;
  decision: string;
}) {
  const { index: i, id, control, errors, agencyId, units, kind, conditional, decision } = props;
  const stepError = errorAt(errors, `steps.${i}`);
  return (
    <fieldset className="step-fields" aria-describedby={stepError ? `step-${id}-error` : undefined}>
      <legend>
        步驟 {i + 1}：{decision}
      </legend>
      {stepError ? (
        <p className="field-error" id={`step-${id}-error`} role="alert">
          {stepError}
        </p>
      ) : null}
      <div className="filters">
        <Controller
          control={control}
          name={`steps.${i}.label`}
          render={({ field }) => (
            <TextInput
              label="步驟名稱"
              name={field.name}
              isRequired
              value={field.value}
              onChange={field.onChange}
              description="批核時顯示的名稱，例如：單位主管、人事室、校長"
              error={errorAt(errors, `steps.${i}.label`)}
            />
          )}
        />
        <Controller
          control={control}
          name={`steps.${i}.kind`}
          render={({ field }) => (
            <Choice
              id={`step-${id}-kind`}
              label="批核者"
              value={field.value}
              options={Object.entries(APPROVER_KIND_NAMES)}
              onChange={field.onChange}
            />
          )}
        />
        {kind === 'unit-head' ? (
          <Controller
            control={control}
            name={`steps.${i}.levelsUp`}
            render={({ field }) => (
              <Choice id={`step-${id}-levels`} label="主管層級" value={field.value} options={LEVELS} onChange={field.onChange} />
            )}
          />
        ) : null}
        {kind === 'unit' ? (
          <Controller
            control={control}
            name={`steps.${i}.unitId`}
            render={({ field }) => (
              <Choice
                id={`step-${id}-unit`}
                label="指定單位"
                value={field.value}
                options={units.map((u) => [u.id, u.name] as const)}
                onChange={field.onChange}
                errorMessage={errorAt(errors, `steps.${i}.approver.unitId`)}
              />
            )}
          />
        ) : null}
        {kind === 'role' ? (
          <Controller
            control={control}
            name={`steps.${i}.role`}
            render={({ field }) => (
              <Choice
                id={`step-${id}-role`}
                label="角色"
                value={field.value}
                options={ROLES.map((r) => [r, roleLabel(r)] as const)}
                onChange={field.onChange}
                errorMessage={errorAt(errors, `steps.${i}.approver.role`)}
              />
            )}
          />
        ) : null}
        {kind === 'person' ? (
          <Controller
            control={control}
            name={`steps.${i}.person`}
            render={({ field }) => (
              <PersonPicker
                id={`step-${id}-person`}
                label="指定人員"
                agencyId={agencyId}
                status="active"
                value={field.value}
                onChange={field.onChange}
                errorMessage={errorAt(errors, `steps.${i}.approver.personId`)}
              />
            )}
          />
        ) : null}
        <Controller
          control={control}
          name={`steps.${i}.op`}
          render={({ field }) => (
            <Choice
              id={`step-${id}-op`}
              label="適用條件"
              value={field.value}
              options={[['', '一律適用'] as const, ...Object.entries(CONDITION_OP_NAMES)]}
              onChange={field.onChange}
            />
          )}
        />
        {conditional ? (
          <>
            <Controller
              control={control}
              name={`steps.${i}.value`}
              render={({ field }) => (
                <TextInput
                  label="條件數值"
                  name={field.name}
                  isRequired
                  inputMode="numeric"
                  value={field.value}
                  onChange={field.onChange}
                  error={errorAt(errors, `steps.${i}.when.value`)}
                />
              )}
            />
            <Controller
              control={control}
              name={`steps.${i}.measure`}
              render={({ field }) => (
                <Choice
                  id={`step-${id}-measure`}
                  label="條件單位"
                  value={field.value}
                  options={Object.entries(CONDITION_MEASURE_NAMES)}
                  onChange={field.onChange}
                />
              )}
            />
          </>
        ) : null}
        <Controller
          control={control}
          name={`steps.${i}.countersign`}
          render={({ field }) => (
            <Check isSelected={field.value} onChange={field.onChange}>
              會辦（批示「會畢」，如人事、會計）
            </Check>
          )}
        />
      </div>
    </fieldset>
  );
}
