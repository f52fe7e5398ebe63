/**
 * How the exiting process sends the spans it still holds: the SDK, when
 * register.ts started it, leaves its shutdown here, and the lifecycle calls
 * it last (a process that ends with `process.exit` never sees `beforeExit`).
 * A module of its own so that nothing else loads the SDK when tracing is off.
 */
let flush: (() => Promise<void>) | undefined;

export function onTelemetryFlush(action: () => Promise<void>): void {
  flush = action;
}

/** Send what is buffered, within `timeoutMs`; a no-op without the SDK. */
export async function flushTelemetry(timeoutMs = 2_000): Promise<void> {
  if (!flush) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([flush().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
