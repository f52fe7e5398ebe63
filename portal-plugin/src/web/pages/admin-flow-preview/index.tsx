// 批核流程查詢 (seed 001, 13-1): pick a person, a form and its length, and see
// the route their form would take if filed now — each step numbered, who
// decides it today (核准, 會畢, 決行) and who stands in for an approver away
// on approved leave (代理批核). The approval service answers with the same
// routing a form is opened with; nothing is stored.
import { useMutation } from '@tanstack/react-query';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { Button } from 'react-aria-components';
import type { RoutePreview } from '@webitr/contracts/api/approval';
import { DAY_MINUTES, routeDraftBody } from '@webitr/contracts/forms/approval';
import type { RouteDraftBody } from '@webitr/contracts/forms/approval';
import { FORM_KIND_LABEL, LEAVE_TYPE_CODES, LEAVE_TYPE_NAMES } from '@webitr/contracts/forms/leave';
import type { FormKind } from '@webitr/contracts/events/leave';
import { approvalAdmin } from '../../api/approval-admin.ts';
import { isProblem, networkError } from '../../api/problem.ts';
import type { ProblemError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PersonPicker } from '../../components/person-picker.tsx';
import type { PickedPerson } from '../../components/person-picker.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { bodyResolver } from '../../lib/form-values.ts';
import { errorAt, minutesOfDays, routeLines } from '../admin-flows/logic.ts';
import '../../styles/flows.css';

export default function FlowPreviewPage() {
  return <AdminFrame page="flow-preview">{(ctx) => <FlowPreview {...ctx} />}</AdminFrame>;
}

interface PreviewFields {
  person: PickedPerson | undefined;
  kind: FormKind;
  leaveType: string;
  days: string;
}

const draftOf = (f: PreviewFields): RouteDraftBody => ({
  applicantId: f.person?.id ?? '',
  kind: f.kind,
  ...(f.kind === 'leave' && f.leaveType ? { leaveType: f.leaveType } : {}),
  minutes: minutesOfDays(f.days),
});

function FlowPreview({ agency }: AdminContext) {
  const { control, handleSubmit, formState, getValues } = useForm<PreviewFields>({
    resolver: bodyResolver<PreviewFields>(routeDraftBody, draftOf),
    defaultValues: { person: undefined, kind: 'leave', leaveType: 'personal', days: '1' },
  });
  // The name goes along with the draft only to title the answer.
  const preview = useMutation<RoutePreview, ProblemError, { draft: RouteDraftBody; who: string }>({
    mutationFn: ({ draft }) => approvalAdmin.previewRoute(agency.id, draft),
  });
  const kind = useWatch({ control, name: 'kind' });
  if (isRefusal(preview.error)) return <AdminRefusal problem={preview.error} />;
  const asked = preview.variables?.draft;
  const who = preview.variables?.who;
  const result = preview.data;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>批核流程查詢</PageTitle>
        <AgencyLine agency={agency} page="flow-preview" />
        <p className="muted">選擇人員、表單類別與天數，查看此刻送出時每一關由誰批核；批核者今日請假時，由其職務代理人代理批核。</p>
        <form
          aria-label="批核流程查詢"
          noValidate
          onSubmit={(e) =>
            void handleSubmit((draft) =>
              preview.mutate({ draft: draft as unknown as RouteDraftBody, who: getValues('person')?.name ?? '' }),
            )(e)
          }
        >
          <div className="filters">
            <Controller
              control={control}
              name="person"
              render={({ field }) => (
                <PersonPicker
                  id="preview-person"
                  label="申請人"
                  agencyId={agency.id}
                  status="active"
                  value={field.value}
                  onChange={field.onChange}
                  errorMessage={errorAt(formState.errors, 'applicantId')}
                />
              )}
            />
            <Controller
              control={control}
              name="kind"
              render={({ field }) => (
                <Choice
                  id="preview-kind"
                  label="表單類別"
                  value={field.value}
                  options={Object.entries(FORM_KIND_LABEL)}
                  onChange={field.onChange}
                />
              )}
            />
            {kind === 'leave' ? (
              <Controller
                control={control}
                name="leaveType"
                render={({ field }) => (
                  <Choice
                    id="preview-leave-type"
                    label="假別"
                    value={field.value}
                    options={LEAVE_TYPE_CODES.map((t) => [t, LEAVE_TYPE_NAMES[t]] as const)}
                    onChange={field.onChange}
                  />
                )}
              />
            ) : null}
            <Controller
              control={control}
              name="days"
              render={({ field }) => (
                <TextInput
                  label="天數"
                  name="days"
                  isRequired
                  inputMode="numeric"
                  value={field.value}
                  onChange={field.onChange}
                  description="以每日 8 小時計，可填 0.5"
                  error={errorAt(formState.errors, 'minutes')}
                />
              )}
            />
          </div>
          <p className="actions">
            <Button type="submit" isDisabled={preview.isPending}>
              查詢批核流程
            </Button>
          </p>
        </form>
        {preview.error ? <ProblemMessage problem={isProblem(preview.error) ? preview.error : networkError()} /> : null}
      </section>
      {result && asked ? (
        <section className="card" aria-labelledby="route-title" id="route-result">
          <h2 id="route-title">
            {who}{' '}
            {asked.kind === 'leave' && asked.leaveType
              ? (LEAVE_TYPE_NAMES as Record<string, string>)[asked.leaveType]
              : FORM_KIND_LABEL[asked.kind]}{' '}
            {asked.minutes / DAY_MINUTES} 日的批核流程
          </h2>
          {result.status === 'routable' ? (
            <>
              <p>適用流程：{result.flowName || '（未命名）'}</p>
              <ol className="route-lines" id="route-steps">
                {routeLines(result).map((line) => (
                  <li key={line.number}>
                    <span className="route-step">{line.label}</span>：{line.approvers} — <strong>{line.decision}</strong>
                    {line.standIns.map((s) => (
                      <p key={s} className="stand-in">
                        {s}
                      </p>
                    ))}
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p className="flow-note" role="status">
              無法送出：{result.reason}
            </p>
          )}
        </section>
      ) : null}
    </>
  );
}
