import { useQuery } from '@tanstack/react-query';
import { api } from './index.ts';
import { SESSION_KEY, loadPortals, loadSession } from './session.ts';
import type { Me } from './session.ts';

export const useSession = () => useQuery({ queryKey: SESSION_KEY, queryFn: () => loadSession(api), staleTime: 60_000 });

/** The signed-in person; only under the shell, which renders pages only when signed in. */
export function useMe(): Me {
  const { data } = useSession();
  if (data?.kind !== 'signed-in') throw new Error('useMe outside the signed-in shell');
  return data.me;
}

export const usePortals = () => useQuery({ queryKey: ['portals'], queryFn: () => loadPortals(api), staleTime: Infinity });
