// The service behind the gateway in `npm run bench:gateway`: built like every
// service (the platform's HTTP app, an identity assertion required on every
// call), with one trivial endpoint at a path leave's route table publishes
// (the gateway forwards nothing else). Env: PORT, ASSERTION_TRUSTED_KEYS, SERVICE.
import { leaveRoutes } from '@webitr/contracts';
import { AssertionVerifier, createHttpApp, createLogger, listen, requireAssertion, trustedKeysSchema } from '@webitr/platform';

const service = process.env['SERVICE'] ?? 'leave';
const logger = createLogger({ service, level: 'warn' });
const verifier = new AssertionVerifier(service, trustedKeysSchema.parse(process.env['ASSERTION_TRUSTED_KEYS']));
const app = createHttpApp({
  service,
  logger,
  readiness: [],
  routes: (app) => {
    app.use(requireAssertion(verifier));
    app.get(leaveRoutes.homeCounts.path, (_req, res) => void res.json({ ok: true }));
  },
});
const http = await listen(app, Number(process.env['PORT'] ?? 0));
logger.warn({ url: http.url }, 'listening');
process.once('SIGTERM', () => void http.close(1_000).then(() => process.exit(0)));
