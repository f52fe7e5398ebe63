// The queries of forms and balances the pages share, and what a change to a
// form makes stale: after 撤回, 撤銷, 同意 or 不同意 every leave query (the
// home counts, the lists, one form, balances, leave types, the week) and the
// approval inbox and cases are fetched again.
import type { QueryClient } from '@tanstack/react-query';
import type { FormStatusFilter } from '@webitr/contracts/forms/leave';
import type { BalancesView, FormView, MyFormsView } from '@webitr/contracts/views/leave';
import type { CaseView } from '@webitr/contracts/views/approval';
import { api } from '../api/index.ts';

export interface FormsFilter {
  box: 'mine' | 'deputy';
  status: FormStatusFilter;
  from?: string | undefined;
  to?: string | undefined;
}

export const formsQuery = (filter: FormsFilter) => ({
  queryKey: ['leave', 'forms', filter] as const,
  queryFn: () => api.get<MyFormsView>('/api/leave/forms', { ...filter, limit: 200 }),
});

export const formQuery = (formId: string) => ({
  queryKey: ['leave', 'form', formId] as const,
  queryFn: () => api.get<FormView>(`/api/leave/forms/${encodeURIComponent(formId)}`),
});

export const caseQuery = (caseId: string) => ({
  queryKey: ['approvals', 'case', caseId] as const,
  queryFn: () => api.get<CaseView>(`/api/approvals/cases/${encodeURIComponent(caseId)}`),
});

export const balancesQuery = () => ({
  queryKey: ['leave', 'balances'] as const,
  queryFn: () => api.get<BalancesView>('/api/leave/balances'),
});

export async function invalidateAfterFormChange(client: QueryClient, form?: FormView): Promise<void> {
  if (form) {
    client.setQueryData(['leave', 'form', form.id], form);
    // Every list shows the form's new state at once, not the old one until its refetch lands.
    client.setQueriesData<MyFormsView>({ queryKey: ['leave', 'forms'] }, (old) =>
      old ? { ...old, items: old.items.map((f) => (f.id === form.id ? form : f)) } : old,
    );
  }
  await Promise.all([client.invalidateQueries({ queryKey: ['leave'] }), client.invalidateQueries({ queryKey: ['approvals'] })]);
}
