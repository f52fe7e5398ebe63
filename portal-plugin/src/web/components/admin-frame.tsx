import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { AgencySummary } from '@webitr/contracts/api/directory';
import { directory, directoryKeys } from '../api/directory.ts';
import { useMe } from '../api/hooks.ts';
import { isProblem, networkError } from '../api/problem.ts';
import type { ProblemError } from '../api/problem.ts';
import type { Me } from '../api/session.ts';
import { ADMIN_PAGES, adminAllows, adminUrl } from '../app/admin.ts';
import type { AdminPageKey, AdminPermission } from '../app/admin.ts';
import RefusalPage from '../pages/refusal/index.tsx';
import { Choice } from './choice.tsx';
import { PageTitle } from './page-title.tsx';
import { ProblemMessage } from './problem-message.tsx';
import '../lib/zod-locale.ts';
import '../styles/admin.css';

export interface AdminContext {
  me: Me;
  agency: AgencySummary;
  /** What the signed-in person's roles allow in this agency (the owning service's table); the service checks again. */
  may: (permission: AdminPermission) => boolean;
}

/** A refusal the directory answered (403): shown as the page itself, never as a partial page. */
export const isRefusal = (error: unknown): error is ProblemError => isProblem(error) && error.status === 403;

/**
 * The frame of every 管理 page: the agency in the address, asked of the
 * directory first. The directory decides: someone without an administration
 * role, or an administrator of another agency, gets its refusal (403) as the
 * page — the menu hiding the link is a convenience, not the check.
 */
export function AdminFrame({ page, children }: { page: AdminPageKey; children: (ctx: AdminContext) => ReactNode }) {
  const { agencyId = '' } = useParams();
  const me = useMe();
  const label = ADMIN_PAGES.find((p) => p.key === page)!.label;
  const agency = useQuery({ queryKey: directoryKeys.agency(agencyId), queryFn: () => directory.getAgency(agencyId) });
  if (isRefusal(agency.error)) return <AdminRefusal problem={agency.error} />;
  if (agency.error)
    return (
      <section className="card">
        <PageTitle>{label}</PageTitle>
        <ProblemMessage problem={isProblem(agency.error) ? agency.error : networkError()} onRetry={() => void agency.refetch()} />
      </section>
    );
  if (!agency.data)
    return (
      <section className="card">
        <PageTitle>{label}</PageTitle>
        <p className="muted">載入中…</p>
      </section>
    );
  return <>{children({ me, agency: agency.data, may: (permission) => adminAllows(me.roles, permission, agencyId) })}</>;
}

/** The directory's refusal, as the whole page. */
export function AdminRefusal({ problem }: { problem: ProblemError }) {
  return <RefusalPage problem={problem} />;
}

/**
 * Which agency's people these are; a system administrator (or someone
 * administering several agencies) switches here to the same page of another.
 */
export function AgencyLine({ agency, page }: { agency: AgencySummary; page: AdminPageKey }) {
  const navigate = useNavigate();
  const agencies = useQuery({ queryKey: directoryKeys.agencies(), queryFn: () => directory.listAgencies(), staleTime: 300_000 });
  const items = agencies.data?.items ?? [];
  const path = ADMIN_PAGES.find((p) => p.key === page)!.path;
  if (items.length <= 1 || path.includes(':'))
    return (
      <p className="admin-agency" id="admin-agency">
        機關：{agency.name}
      </p>
    );
  return (
    <div className="filters two">
      <Choice
        id="admin-agency"
        label="機關"
        value={agency.id}
        options={items.map((a) => [a.id, a.name] as const)}
        onChange={(id) => id && id !== agency.id && void navigate(adminUrl(id, path))}
      />
    </div>
  );
}
