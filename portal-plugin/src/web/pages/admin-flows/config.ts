// The agency's flow configuration as the 批核流程 pages read it, and the names to show it with.
import { useQuery } from '@tanstack/react-query';
import { approvalAdmin, flowKeys } from '../../api/approval-admin.ts';
import { directory, directoryKeys } from '../../api/directory.ts';
import type { Names } from './logic.ts';

/** Flows and groups from the approval service (with the names of the people they name), units from the directory. */
export function useFlowConfig(agencyId: string) {
  const config = useQuery({ queryKey: flowKeys.config(agencyId), queryFn: () => approvalAdmin.listFlows(agencyId) });
  const units = useQuery({ queryKey: directoryKeys.units(agencyId), queryFn: () => directory.listUnits(agencyId), staleTime: 60_000 });
  const names: Names = {
    people: config.data?.names ?? {},
    units: Object.fromEntries((units.data?.items ?? []).map((u) => [u.id, u.name])),
  };
  return { config, units, names };
}
