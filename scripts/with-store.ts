// `node scripts/with-store.ts <command> [args...]`: runs one command (a single
// test file, say) with the store `npm test` would give it — FerretDB started
// here, MONGODB_URI, AMQP_URL and REDIS_URL set — and stops FerretDB after.
import { spawnSync } from 'node:child_process';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, ensureFerretDb, ensureRabbitMQ, ensureRedis } from './lib/infra.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-store.ts <command> [args...]');
  process.exit(2);
}
const [, , ferret] = await Promise.all([ensureRedis(), ensureRabbitMQ(), ensureFerretDb()]);
const result = spawnSync(command, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    MONGODB_URI: ferret.uri,
    AMQP_URL: process.env['AMQP_URL'] || DEFAULT_AMQP_URL,
    REDIS_URL: process.env['REDIS_URL'] || DEFAULT_REDIS_URL,
  },
});
await ferret.stop();
process.exit(result.status ?? 1);
