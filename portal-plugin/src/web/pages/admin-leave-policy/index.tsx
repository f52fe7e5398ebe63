// 機關規則參數 (管理, seed 001 5-6 機關差勤規定 參數修改; attendance managers):
// the agency's local limits the leave service applies — overtime caps,
// comp-time validity, forgotten-punch limits, attachments, how far back leave
// may be filed — validated with the contracts' schema before sending, saved
// with a reason and the version read (a change by someone else meanwhile is
// refused, not overwritten), and the history of changes below.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { Resolver } from 'react-hook-form';
import { Button } from 'react-aria-components';
import { z } from 'zod';
import { agencySettingsSchema } from '@webitr/contracts/forms/leave';
import type { AgencySettings } from '@webitr/contracts/forms/leave';
import type { LeavePolicyView } from '@webitr/contracts/views/leave';
import { api } from '../../api/index.ts';
import { fieldErrorsFor, isProblem, networkError } from '../../api/problem.ts';
import { AdminFrame, AdminRefusal, AgencyLine, isRefusal } from '../../components/admin-frame.tsx';
import type { AdminContext } from '../../components/admin-frame.tsx';
import { Check } from '../../components/check.tsx';
import { TextInput } from '../../components/form-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { ProblemMessage } from '../../components/problem-message.tsx';
import { formatRocDateTime } from '../../lib/dates.ts';

const MB = 1024 * 1024;
/** The numbers as typed (text), by the paths of the request's body: a problem's field names the input. */
const NUMBER_FIELDS = [
  ['settings.overtime.dailyCapMinutes', '每日加班上限（分鐘）'],
  ['settings.overtime.monthlyCapMinutes', '每月加班上限（分鐘）'],
  ['settings.overtime.compTimeValidityMonths', '補休期限（月）'],
  ['settings.forgottenPunch.monthlyLimit', '忘刷卡每月上限（次）'],
  ['settings.forgottenPunch.yearlyLimit', '忘刷卡每年上限（次）'],
  ['settings.attachments.maxTotalMb', '附件總上限（MB）'],
  ['settings.filing.backdatingDays', '差假最多可補請之日數'],
] as const;
type NumberField = (typeof NUMBER_FIELDS)[number][0];
const FIELDS = [...NUMBER_FIELDS.map(([name]) => name), 'reason'] as const;

interface Fields {
  settings: {
    overtime: { dailyCapMinutes: string; monthlyCapMinutes: string; compTimeValidityMonths: string; requirePrior: boolean };
    forgottenPunch: { monthlyLimit: string; yearlyLimit: string };
    attachments: { maxTotalMb: string };
    filing: { backdatingDays: string };
  };
  reason: string;
}

const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
const settingsOf = ({ settings: s }: Fields): AgencySettings => ({
  overtime: {
    dailyCapMinutes: num(s.overtime.dailyCapMinutes),
    monthlyCapMinutes: num(s.overtime.monthlyCapMinutes),
    compTimeValidityMonths: num(s.overtime.compTimeValidityMonths),
    requirePrior: s.overtime.requirePrior,
  },
  forgottenPunch: { monthlyLimit: num(s.forgottenPunch.monthlyLimit), yearlyLimit: num(s.forgottenPunch.yearlyLimit) },
  attachments: { maxTotalBytes: Math.round(num(s.attachments.maxTotalMb) * MB) },
  filing: { backdatingDays: num(s.filing.backdatingDays) },
});
const fieldsOf = (settings: AgencySettings): Fields => ({
  settings: {
    overtime: {
      dailyCapMinutes: String(settings.overtime.dailyCapMinutes),
      monthlyCapMinutes: String(settings.overtime.monthlyCapMinutes),
      compTimeValidityMonths: String(settings.overtime.compTimeValidityMonths),
      requirePrior: settings.overtime.requirePrior,
    },
    forgottenPunch: {
      monthlyLimit: String(settings.forgottenPunch.monthlyLimit),
      yearlyLimit: String(settings.forgottenPunch.yearlyLimit),
    },
    attachments: { maxTotalMb: String(Math.round((settings.attachments.maxTotalBytes / MB) * 100) / 100) },
    filing: { backdatingDays: String(settings.filing?.backdatingDays ?? 30) },
  },
  reason: '',
});

// The body's schema (settings and reason) as the service checks it; the attachment limit is typed in MB, so its problem is put back there.
const bodySchema = z.object({
  settings: agencySettingsSchema,
  reason: z.string().trim().min(1, '異動原因不得空白').max(200),
});
const raw = zodResolver(bodySchema, undefined, { raw: true });
type Errors = { settings?: { attachments?: Record<string, unknown> } };
const resolver: Resolver<Fields> = async (values, context, options) => {
  const result = await raw({ settings: settingsOf(values), reason: values.reason }, context, options as never);
  const errors = result.errors as Errors;
  const bytes = errors.settings?.attachments?.maxTotalBytes;
  if (bytes) errors.settings!.attachments = { maxTotalMb: bytes };
  return Object.keys(errors).length > 0 ? ({ values: {}, errors } as unknown as ReturnType<Resolver<Fields>>) : { values, errors: {} };
};

const policyUrl = (agencyId: string) => `/api/leave/agencies/${encodeURIComponent(agencyId)}/leave-policy`;

export default function LeavePolicyPage() {
  return <AdminFrame page="leave-policy">{(ctx) => <LeavePolicy {...ctx} />}</AdminFrame>;
}

function LeavePolicy({ agency }: AdminContext) {
  const policy = useQuery({ queryKey: ['leave', 'policy', agency.id], queryFn: () => api.get<LeavePolicyView>(policyUrl(agency.id)) });
  const [saved, setSaved] = useState<number>();
  if (isRefusal(policy.error)) return <AdminRefusal problem={policy.error} />;
  return (
    <>
      <section className="card" aria-labelledby="page-title">
        <PageTitle>機關規則參數</PageTitle>
        <AgencyLine agency={agency} page="leave-policy" />
        <p className="muted">
          本機關的差勤規定參數：加班上限、補休期限、忘刷卡次數、附件大小與差假補請期限。修改後即適用於之後送出的表單。
        </p>
        {policy.error ? (
          <ProblemMessage problem={isProblem(policy.error) ? policy.error : networkError()} onRetry={() => void policy.refetch()} />
        ) : null}
        {/* Keyed by version: a saved change (or one made elsewhere, read again) starts the form from what is stored. */}
        {policy.data ? (
          <PolicyForm key={policy.data.version} agencyId={agency.id} policy={policy.data} onSaved={setSaved} />
        ) : (
          <p className="muted">載入中…</p>
        )}
        <p role="status" id="policy-saved">
          {saved ? `已儲存為第 ${saved} 版` : ''}
        </p>
      </section>
      {policy.data?.revisions?.length ? (
        <section className="card" aria-labelledby="revisions-title">
          <h2 id="revisions-title">異動紀錄</h2>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="機關規則參數異動紀錄">
            <table>
              <thead>
                <tr>
                  <th scope="col">版本</th>
                  <th scope="col">時間</th>
                  <th scope="col">異動原因</th>
                </tr>
              </thead>
              <tbody>
                {[...policy.data.revisions].reverse().map((r) => (
                  <tr key={r.version}>
                    <th scope="row">{r.version}</th>
                    <td>{formatRocDateTime(r.at)}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

function PolicyForm({ agencyId, policy, onSaved }: { agencyId: string; policy: LeavePolicyView; onSaved: (version: number) => void }) {
  const queryClient = useQueryClient();
  const { control, handleSubmit, setError, formState } = useForm<Fields>({ resolver, defaultValues: fieldsOf(policy.settings) });
  const save = useMutation({
    mutationFn: (values: Fields) =>
      api.put<LeavePolicyView>(policyUrl(agencyId), {
        expectedVersion: policy.version,
        overrides: policy.overrides,
        settings: settingsOf(values),
        reason: values.reason.trim(),
      }),
    onSuccess: (saved) => {
      onSaved(saved.version);
      queryClient.setQueryData(['leave', 'policy', agencyId], saved);
    },
    onError: (problem) => {
      if (!isProblem(problem)) return;
      for (const { name, message } of fieldErrorsFor(problem, FIELDS).fields)
        setError(name, { type: 'server', message }, { shouldFocus: true });
    },
  });
  const submit = handleSubmit((values) => save.mutate(values));
  const errorOf = (name: NumberField | 'reason') =>
    name.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], formState.errors) as
      { message?: string } | undefined;
  return (
    <>
      <p className="muted" id="policy-version">
        目前版本：{policy.version === 0 ? '系統預設值' : `第 ${policy.version} 版`}
      </p>
      <form className="filters" aria-label="機關規則參數" onSubmit={(e) => void submit(e)} noValidate>
        {NUMBER_FIELDS.map(([name, label]) => (
          <Controller
            key={name}
            control={control}
            name={name}
            render={({ field }) => (
              <TextInput
                label={label}
                name={name}
                inputMode="numeric"
                isRequired
                value={String(field.value ?? '')}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={errorOf(name)?.message}
              />
            )}
          />
        ))}
        <Controller
          control={control}
          name="settings.overtime.requirePrior"
          render={({ field }) => (
            <Check isSelected={field.value} onChange={field.onChange}>
              加班應事前申請
            </Check>
          )}
        />
        <Controller
          control={control}
          name="reason"
          render={({ field }) => (
            <TextInput
              label="異動原因"
              name="reason"
              isRequired
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              error={errorOf('reason')?.message}
            />
          )}
        />
        <p className="actions">
          <Button type="submit" isDisabled={save.isPending}>
            {save.isPending ? '儲存中…' : '儲存'}
          </Button>
        </p>
        {isProblem(save.error) && fieldErrorsFor(save.error, FIELDS).fields.length === 0 ? <ProblemMessage problem={save.error} /> : null}
      </form>
    </>
  );
}
