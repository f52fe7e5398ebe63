import { ConfigError } from './config.ts';

/**
 * Run a process's start-up; a bad configuration or a failed start stops the
 * process with a message naming the cause (the variable, for configuration)
 * instead of a stack trace in the middle of a half-started service.
 */
export async function bootOrExit(service: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${service}] cannot start: ${error.message}\n`);
    } else {
      process.stderr.write(`[${service}] failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exit(1);
  }
}
