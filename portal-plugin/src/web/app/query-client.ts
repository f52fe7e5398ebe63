import { QueryClient } from '@tanstack/react-query';
import { isProblem } from '../api/problem.ts';

/**
 * Server state for every page. A query is retried only when retrying can
 * help (no answer, or a dependency down for a moment), never on a refusal
 * or a validation problem.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => failures < 2 && isProblem(error) && error.retryable,
      staleTime: 30_000,
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});
