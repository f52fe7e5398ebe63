// The service behind the gateway in `npm run bench:gateway`: built like every
// service (the platform's HTTP app, an identity assertion required on every
// call), with one trivial endpoint at a path the notification service's route
// table publishes (the gateway forwards nothing else): the bell's unread count,
// which every open page polls. It also counts the connections it has accepted
// (`GET /bench/connections`, no assertion: the benchmark's own question), so a
// proxy that opens a new upstream connection for some requests shows it.
// Env: PORT, ASSERTION_TRUSTED_KEYS, SERVICE.
import { notificationRoutes } from '@webitr/contracts';
import { AssertionVerifier, createHttpApp, createLogger, listen, requireAssertion, trustedKeysSchema } from '@webitr/platform';

const service = process.env['SERVICE'] ?? 'notification';
const logger = createLogger({ service, level: 'warn' });
const verifier = new AssertionVerifier(service, trustedKeysSchema.parse(process.env['ASSERTION_TRUSTED_KEYS']));
let connections = 0;
const app = createHttpApp({
  service,
  logger,
  readiness: [],
  routes: (app) => {
    app.get('/bench/connections', (_req, res) => void res.json({ connections }));
    app.use(requireAssertion(verifier));
    app.get(notificationRoutes.unreadCount.path, (_req, res) => void res.json({ unread: 0 }));
  },
});
const http = await listen(app, Number(process.env['PORT'] ?? 0));
http.server.on('connection', () => (connections += 1));
logger.warn({ url: http.url }, 'listening');
process.once('SIGTERM', () => void http.close(1_000).then(() => process.exit(0)));
