// Approval flows (批核流程), routing and decisions.
// Wiring only: configuration, then the service; SIGTERM shuts it down.
import { bootOrExit, loadConfig } from '@webitr/platform';
import { configSchema } from './config.ts';
import { startApprovalService } from './service.ts';

await bootOrExit('approval', async () => {
  const { runtime } = await startApprovalService(loadConfig(configSchema));
  runtime.lifecycle.installSignalHandlers();
});
