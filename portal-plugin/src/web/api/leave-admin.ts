// The leave service's administration API as the 請假管理 pages call it (the
// gateway publishes it under /api/leave), typed by the contracts' schemas
// and views, with the query keys the pages share; and the agency's common
// reasons, which 差假申請 reads too.
import type {
  CorrectBalanceCommandInput,
  ListAgencyFormsQueryInput,
  RunAllocationCommandInput,
  SetCommonReasonsCommand,
} from '@webitr/contracts/forms/leave-admin';
import type { BalancesView, FormView } from '@webitr/contracts/views/leave';
import type { AllocationRunView, BalanceCorrectionView, CommonReasonsView } from '@webitr/contracts/views/leave-admin';
import { withQuery } from './client.ts';
import type { Query } from './client.ts';
import { api } from './index.ts';

const BASE = '/api/leave';
const seg = encodeURIComponent;

export const leaveAdminKeys = {
  all: ['leave', 'admin'] as const,
  balances: (personId: string) => ['leave', 'admin', 'balances', personId] as const,
  forms: (agencyId: string, query: object) => ['leave', 'admin', 'forms', agencyId, query] as const,
  /** Not under `admin`: 差假申請 reads the list too. */
  reasons: (agencyId: string) => ['leave', 'common-reasons', agencyId] as const,
};

export const leaveAdmin = {
  runAllocation: (agencyId: string, body: RunAllocationCommandInput) =>
    api.post<AllocationRunView>(`${BASE}/agencies/${seg(agencyId)}/allocations`, body),
  balances: (personId: string) => api.get<BalancesView>(`${BASE}/people/${seg(personId)}/balances`),
  correctBalance: (personId: string, body: CorrectBalanceCommandInput) =>
    api.post<BalanceCorrectionView>(`${BASE}/people/${seg(personId)}/balances/corrections`, body),
  forms: (agencyId: string, query: ListAgencyFormsQueryInput) =>
    api.get<{ items: FormView[] }>(`${BASE}/agencies/${seg(agencyId)}/forms`, query as Query),
  /** The export's address (CSV or XLSX), for a download link. */
  formsExportUrl: (agencyId: string, query: ListAgencyFormsQueryInput) =>
    withQuery(`${BASE}/agencies/${seg(agencyId)}/forms`, query as Query),
  form: (formId: string) => api.get<FormView>(`${BASE}/forms/${seg(formId)}`),
  reasons: (agencyId: string) => api.get<CommonReasonsView>(`${BASE}/agencies/${seg(agencyId)}/common-reasons`),
  setReasons: (agencyId: string, body: SetCommonReasonsCommand) =>
    api.put<CommonReasonsView>(`${BASE}/agencies/${seg(agencyId)}/common-reasons`, body),
};
