import type { Router } from 'express';

/** A dependency /readyz checks: MongoDB, RabbitMQ, Redis, or a downstream service. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** One readiness check, bounded in time (also what `webitr_dependency_up` reports). */
export async function runCheck({ name, check }: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process is alive (for restarts). `/readyz`: every dependency
 * answers (for load balancers); 503 names the one that does not.
 */
export function mountHealth(router: Router, service: string, checks: readonly ReadinessCheck[], isShuttingDown: () => boolean): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'alive', service });
  });
  router.get('/readyz', async (_req, res) => {
    const dependencies = await Promise.all(checks.map(runCheck));
    const ready = !isShuttingDown() && dependencies.every((d) => d.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', service, dependencies });
  });
}
