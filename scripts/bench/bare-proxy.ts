// The ceiling line of `npm run bench:gateway`: a bare node:http reverse proxy
// with no logic at all (no session, no checks, no logging, no signing), in its
// own process like the gateway, forwarding every request (headers as sent,
// the benchmark's valid assertion included) to the trivial service over a
// keep-alive agent. Whatever it costs is the price of the extra HTTP hop
// alone on this machine; the gateway cannot do better than this line.
// Env: PORT, TARGET (the service's URL), PREFIX (stripped, as the gateway strips a service's prefix).
import { Agent, createServer, request } from 'node:http';

const target = new URL(process.env['TARGET'] ?? 'http://127.0.0.1:1');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const prefix = process.env['PREFIX'] ?? '/api/notifications';

const server = createServer((req, res) => {
  if (req.url === '/healthz') return void res.end('ok');
  const path = req.url!.startsWith(prefix) ? req.url!.slice(prefix.length) || '/' : req.url!;
  const headers = { ...req.headers, host: target.host };
  const upstream = request({ host: target.hostname, port: target.port, method: req.method, path, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  agent.destroy();
  process.exit(0);
});
