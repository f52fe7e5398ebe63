// The directory's administration API as the 管理 pages call it (the gateway
// publishes it under /api/directory): typed by the contracts' request
// schemas and views, with the query keys the pages share.
import type { AgencySummary } from '@webitr/contracts/api/directory';
import type {
  BulkEntitlementsBody,
  ChangeLogQueryInput,
  CreatePersonBody,
  CreateUnitBody,
  DefaultAppsBody,
  GrantedRole,
  ImportPeopleQuery,
  SearchPeopleInput,
  SeparatedPeopleQueryInput,
  StatusChangeInput,
  TransferPersonInput,
  UpdatePersonBody,
  UpdateUnitBody,
} from '@webitr/contracts/forms/directory';
import type {
  ChangeLogPage,
  EntitlementResult,
  ImportReport,
  NationalIdFullView,
  PersonDetail,
  PersonSearchResult,
  SeparatedPeopleResult,
  UnitList,
  UnitView,
} from '@webitr/contracts/views/directory';
import { withQuery } from './client.ts';
import type { Query } from './client.ts';
import { api } from './index.ts';

const BASE = '/api/directory';
const seg = encodeURIComponent;

/** Every directory query starts with this key: a change invalidates them all (people, units and the log move together). */
export const DIRECTORY_KEY = ['directory', 'admin'] as const;

export const directoryKeys = {
  agencies: () => [...DIRECTORY_KEY, 'agencies'] as const,
  agency: (agencyId: string) => [...DIRECTORY_KEY, 'agency', agencyId] as const,
  people: (agencyId: string, search: SearchPeopleInput) => [...DIRECTORY_KEY, 'people', agencyId, search] as const,
  person: (personId: string) => [...DIRECTORY_KEY, 'person', personId] as const,
  units: (agencyId: string) => [...DIRECTORY_KEY, 'units', agencyId] as const,
  changeLog: (agencyId: string, query: ChangeLogQueryInput) => [...DIRECTORY_KEY, 'change-log', agencyId, query] as const,
  separated: (agencyId: string, query: SeparatedPeopleQueryInput) => [...DIRECTORY_KEY, 'separated', agencyId, query] as const,
};

export const directory = {
  listAgencies: () => api.get<{ items: AgencySummary[] }>(`${BASE}/agencies`),
  getAgency: (agencyId: string) => api.get<AgencySummary>(`${BASE}/agencies/${seg(agencyId)}`),
  setDefaultApps: (agencyId: string, body: DefaultAppsBody) =>
    api.put<AgencySummary>(`${BASE}/agencies/${seg(agencyId)}/default-apps`, body),

  searchPeople: (agencyId: string, body: SearchPeopleInput) =>
    api.post<PersonSearchResult>(`${BASE}/agencies/${seg(agencyId)}/people/search`, body),
  listSeparatedPeople: (agencyId: string, query: SeparatedPeopleQueryInput) =>
    api.get<SeparatedPeopleResult>(`${BASE}/agencies/${seg(agencyId)}/people/separated`, query as Query),
  getPerson: (personId: string) => api.get<PersonDetail>(`${BASE}/people/${seg(personId)}`),
  createPerson: (agencyId: string, body: Partial<CreatePersonBody>, idempotencyKey: string) =>
    api.post<PersonDetail>(`${BASE}/agencies/${seg(agencyId)}/people`, body, { idempotencyKey }),
  updatePerson: (personId: string, body: UpdatePersonBody) => api.patch<PersonDetail>(`${BASE}/people/${seg(personId)}`, body),
  changeStatus: (personId: string, change: 'separate' | 'suspend' | 'reinstate', body: StatusChangeInput) =>
    api.post<PersonDetail>(`${BASE}/people/${seg(personId)}/${change}`, body),
  transferPerson: (personId: string, body: TransferPersonInput) => api.post<PersonDetail>(`${BASE}/people/${seg(personId)}/transfer`, body),
  viewNationalId: (personId: string, reason: string) =>
    api.post<NationalIdFullView>(`${BASE}/people/${seg(personId)}/national-id`, { reason }),

  grantApp: (personId: string, app: string) => api.put<EntitlementResult>(`${BASE}/people/${seg(personId)}/apps/${seg(app)}`),
  revokeApp: (personId: string, app: string) => api.delete<EntitlementResult>(`${BASE}/people/${seg(personId)}/apps/${seg(app)}`),
  grantApps: (agencyId: string, body: BulkEntitlementsBody) =>
    api.post<EntitlementResult>(`${BASE}/agencies/${seg(agencyId)}/entitlements/grant`, body),
  revokeApps: (agencyId: string, body: BulkEntitlementsBody) =>
    api.post<EntitlementResult>(`${BASE}/agencies/${seg(agencyId)}/entitlements/revoke`, body),
  grantRole: (personId: string, role: GrantedRole) => api.put<PersonDetail>(`${BASE}/people/${seg(personId)}/roles/${seg(role)}`),
  revokeRole: (personId: string, role: GrantedRole) => api.delete<PersonDetail>(`${BASE}/people/${seg(personId)}/roles/${seg(role)}`),

  changeLog: (agencyId: string, query: ChangeLogQueryInput) =>
    api.get<ChangeLogPage>(`${BASE}/agencies/${seg(agencyId)}/change-log`, query as Query),

  listUnits: (agencyId: string) => api.get<UnitList>(`${BASE}/agencies/${seg(agencyId)}/units`),
  createUnit: (agencyId: string, body: CreateUnitBody, idempotencyKey: string) =>
    api.post<UnitView>(`${BASE}/agencies/${seg(agencyId)}/units`, body, { idempotencyKey }),
  updateUnit: (unitId: string, body: UpdateUnitBody) => api.patch<UnitView>(`${BASE}/units/${seg(unitId)}`, body),
};

/** 下載機關所有員工資料: the export's address, for a plain download link (same origin, the session cookie). */
export const exportPeopleUrl = (agencyId: string, format: 'csv' | 'xlsx' = 'csv', status?: 'separated'): string =>
  withQuery(`${BASE}/agencies/${seg(agencyId)}/people/export`, { format, ...(status ? { status } : {}) });

/** 批次匯入: the CSV file itself is the body (text/csv), the options are the query. */
export const importPeople = (
  agencyId: string,
  file: Blob,
  options: Pick<ImportPeopleQuery, 'encoding' | 'dryRun'>,
): Promise<ImportReport> =>
  api.postFile<ImportReport>(
    withQuery(`${BASE}/agencies/${seg(agencyId)}/people/import`, { encoding: options.encoding, dryRun: options.dryRun }),
    file,
    'text/csv',
  );
