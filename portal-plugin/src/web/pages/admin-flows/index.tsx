// 批核流程設定 (seed 001, 14-1 各種差假批核流程設定、增減、修正; 14-2 流程群組設定、
// 新增、複製作業; 13-1 批核流程、差假類別群組內容、流程群組適用對象): the agency's
// flows as numbered steps, each 編輯 / 複製 / 刪除; its flow groups (whom a flow
// applies to) and category groups (which forms), each edited in place. The
// approval service checks every save against everyone's route and refuses
// one that would leave someone without a route.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import { copyFlowBody } from '@webitr/contracts/forms/approval';
import type { CopyFlowBody } from '@webitr/contracts/forms/approval';
import type { FlowView, FlowsView, SavedFlowView } from '@webitr/contracts/views/approval';
import { IdempotencyKeys } from '../../api/client.ts';
import { FLOWS_KEY, approvalAdmin } from '../../api/approval-admin.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { adminUrl } from '../../app/admin.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { bodyResolver } from '../../lib/form-values.ts';
import { CategoryGroupForm, FlowGroupForm, SaveProblem } from './groups.tsx';
import { useFlowConfig } from './config.ts';
import { categoryScope, flowGroupScope, stepLine } from './logic.ts';
import type { Names } from './logic.ts';
import '../../styles/flows.css';

export default function FlowsPage() {
  return <AdminFrame page="flows">{(ctx) => <Flows {...ctx} />}</AdminFrame>;
}

function Flows({ agency }: AdminContext) {
  const { config, units, names } = useFlowConfig(agency.id);
  const [editing, setEditing] = useState<string>();
  if (isRefusal(config.error)) return <AdminRefusal problem={config.error} />;
  const data = config.data;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>批核流程設定</PageTitle>
        <AgencyLine agency={agency} page="flows" />
        <p className="muted">
          表單依申請人所屬的流程群組與表單的差假類別群組，走對應的批核流程；條件不成立的步驟略過，最後一個適用的步驟決行，會辦步驟批示「會畢」。
        </p>
        <p className="actions">
          <Link className="button" to={adminUrl(agency.id, 'flows/new')}>
            新增批核流程
          </Link>
          <Link className="button secondary" to={adminUrl(agency.id, 'flows/preview')}>
            批核流程查詢
          </Link>
        </p>
        {config.error ? (
          <ProblemMessage problem={isProblem(config.error) ? config.error : networkError()} onRetry={() => void config.refetch()} />
        ) : null}
        {!data && !config.error ? <p className="muted">載入中…</p> : null}
      </section>
      {data ? (
        <>
          <section className="card" aria-labelledby="flows-title">
            <h2 id="flows-title">批核流程（共 {data.flows.length} 個）</h2>
            {data.flows.length === 0 ? <p className="muted">尚未設定批核流程。</p> : null}
            <ul className="flow-list" id="flows">
              {data.flows.map((flow) => (
                <FlowItem key={flow.id} flow={flow} config={data} names={names} agencyId={agency.id} />
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="flow-groups-title">
            <h2 id="flow-groups-title">流程群組</h2>
            <p className="muted">適用對象以人員最優先，其次單位、職務類別，皆未符合者適用機關預設群組。</p>
            <ul className="flow-list" id="flow-groups">
              {data.flowGroups.map((g) => (
                <li key={g.id}>
                  <div className="unit-line">
                    <span className="unit-name">{g.name}</span>
                    <span>{flowGroupScope(g, names)}</span>
                    <Button
                      className="secondary"
                      aria-label={`編輯流程群組 ${g.name}`}
                      onPress={() => setEditing(editing === `g:${g.id}` ? undefined : `g:${g.id}`)}
                    >
                      編輯
                    </Button>
                  </div>
                  {editing === `g:${g.id}` ? (
                    <FlowGroupForm
                      agencyId={agency.id}
                      group={g}
                      names={names}
                      units={units.data?.items ?? []}
                      onDone={() => setEditing(undefined)}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
            <h3>新增流程群組</h3>
            <FlowGroupForm agencyId={agency.id} names={names} units={units.data?.items ?? []} onDone={() => undefined} />
          </section>
          <section className="card" aria-labelledby="category-groups-title">
            <h2 id="category-groups-title">差假類別群組</h2>
            <p className="muted">指定假別的群組優先於涵蓋全部假別的群組。</p>
            <ul className="flow-list" id="category-groups">
              {data.categoryGroups.map((g) => (
                <li key={g.id}>
                  <div className="unit-line">
                    <span className="unit-name">{g.name}</span>
                    <span>{categoryScope(g)}</span>
                    <Button
                      className="secondary"
                      aria-label={`編輯差假類別群組 ${g.name}`}
                      onPress={() => setEditing(editing === `c:${g.id}` ? undefined : `c:${g.id}`)}
                    >
                      編輯
                    </Button>
                  </div>
                  {editing === `c:${g.id}` ? (
                    <CategoryGroupForm agencyId={agency.id} group={g} onDone={() => setEditing(undefined)} />
                  ) : null}
                </li>
              ))}
            </ul>
            <h3>新增差假類別群組</h3>
            <CategoryGroupForm agencyId={agency.id} onDone={() => undefined} />
          </section>
        </>
      ) : null}
    </>
  );
}

/** One flow: its groups, its steps numbered, and 編輯 / 複製 / 刪除. */
function FlowItem({ flow, config, names, agencyId }: { flow: FlowView; config: FlowsView; names: Names; agencyId: string }) {
  const queryClient = useQueryClient();
  const [copying, setCopying] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const group = config.flowGroups.find((g) => g.id === flow.flowGroupId);
  const category = config.categoryGroups.find((g) => g.id === flow.categoryGroupId);
  const remove = useMutation<void, ProblemError>({
    mutationFn: () => approvalAdmin.deleteFlow(agencyId, flow.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FLOWS_KEY }),
  });
  const titleId = `flow-${flow.id}-title`;
  return (
    <li className="flow-item" aria-labelledby={titleId}>
      <h3 id={titleId}>{flow.name}</h3>
      <p className="muted">
        流程群組：{group?.name ?? flow.flowGroupId}／差假類別群組：{category?.name ?? flow.categoryGroupId}
      </p>
      <ol className="flow-steps" aria-label={`${flow.name} 批核步驟`}>
        {flow.steps.map((step, i) => (
          <li key={i}>{stepLine(step, i, flow.steps, names).replace(/^\d+\. /, '')}</li>
        ))}
      </ol>
      <p className="actions">
        <Link className="button secondary" to={adminUrl(agencyId, 'flows/:flowId', { flowId: flow.id })} aria-label={`編輯 ${flow.name}`}>
          編輯
        </Link>
        <Button className="secondary" aria-label={`複製 ${flow.name}`} onPress={() => setCopying(!copying)}>
          複製
        </Button>
        <Button className="secondary" aria-label={`刪除 ${flow.name}`} onPress={() => setConfirming(true)}>
          刪除
        </Button>
      </p>
      {remove.error ? <ProblemMessage problem={isProblem(remove.error) ? remove.error : networkError()} /> : null}
      {copying ? <CopyForm flow={flow} config={config} agencyId={agencyId} onDone={() => setCopying(false)} /> : null}
      <ConfirmDialog
        isOpen={confirming}
        onOpenChange={setConfirming}
        title={`是否確定刪除「${flow.name}」？`}
        confirmLabel="刪除"
        onConfirm={() => remove.mutate()}
      >
        <p>已送出的表單仍依原流程批核；此後適用此流程的表單將找不到批核流程，請先確認已有其他流程涵蓋。</p>
      </ConfirmDialog>
    </li>
  );
}

type CopyFields = CopyFlowBody;
const COPY_FIELDS = ['name', 'flowGroupId', 'categoryGroupId'] as const;

/** 複製: the same steps for another flow group or category group (one flow per pair); then its steps open for editing. */
function CopyForm({ flow, config, agencyId, onDone }: { flow: FlowView; config: FlowsView; agencyId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const keys = useRef(new IdempotencyKeys());
  const { control, handleSubmit, setError } = useForm<CopyFields>({
    resolver: bodyResolver<CopyFields>(copyFlowBody, (f) => f),
    defaultValues: { name: `${flow.name}（複製）`, flowGroupId: '', categoryGroupId: '' },
  });
  const copy = useMutation<SavedFlowView, ProblemError, CopyFlowBody>({
    mutationFn: (body) => approvalAdmin.copyFlow(agencyId, flow.id, body, keys.current.keyFor(body)),
    onSuccess: async (saved) => {
      keys.current.done();
      await queryClient.invalidateQueries({ queryKey: FLOWS_KEY });
      onDone();
      await navigate(adminUrl(agencyId, 'flows/:flowId', { flowId: saved.id }), {
        state: { copiedFrom: flow.name, unroutable: saved.unroutable },
      });
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, COPY_FIELDS).fields) setError(name, { type: 'server', message });
    },
  });
  const formId = `copy-${flow.id}`;
  return (
    <form
      className="unit-form"
      aria-label={`複製 ${flow.name}`}
      noValidate
      onSubmit={(e) => void handleSubmit((body) => copy.mutate(body))(e)}
    >
      <div className="filters">
        <Controller
          control={control}
          name="name"
          render={({ field, fieldState }) => (
            <TextInput
              label="新流程名稱"
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
              id={`${formId}-group`}
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
              id={`${formId}-category`}
              label="差假類別群組"
              value={field.value}
              options={config.categoryGroups.map((g) => [g.id, g.name] as const)}
              onChange={field.onChange}
              errorMessage={fieldState.error?.message}
            />
          )}
        />
      </div>
      {copy.error ? <SaveProblem problem={copy.error} placed={COPY_FIELDS} /> : null}
      <p className="actions">
        <Button type="submit" isDisabled={copy.isPending}>
          複製流程
        </Button>
        <Button className="secondary" onPress={onDone}>
          取消
        </Button>
      </p>
    </form>
  );
}
