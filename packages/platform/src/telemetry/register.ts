// Loaded before anything else into every process `npm start` runs (`node --import`, scripts/start.ts),
// and the way a deployment starts one (`node --import @webitr/platform/telemetry/register src/main.ts`):
// instrumentation has to patch express, mongodb, ioredis and amqplib before the process imports them.
//
// Off unless the standard OpenTelemetry variables ask for traces (see `telemetryWanted`): then the
// SDK exports spans as `OTEL_*` says (OTLP to `OTEL_EXPORTER_OTLP_ENDPOINT` by default).
import { register } from 'node:module';
import { telemetryWanted } from './settings.ts';

if (telemetryWanted(process.env)) {
  // ESM imports are patched through import-in-the-middle's loader hook, for the modules the
  // instrumentations name only (every other module, the TypeScript sources first, loads untouched).
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const { startTelemetry } = await import('./sdk.ts');
  startTelemetry();
  await waitForAllMessagesAcknowledged();
}
