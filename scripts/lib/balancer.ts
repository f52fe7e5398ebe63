// What stands in front of several instances of one process on this machine
// (`START_REPLICAS=2`), as a Kubernetes Service does in a cluster: one port,
// connections handed to the instances in turn; an instance that refuses (it
// is restarting) is skipped for the next.
//
// The client's address is kept: the connection to the instance is made from
// the client's own loopback address (127.0.0.2 stays 127.0.0.2), so the
// gateway's network zones see who connected, not the balancer. A client the
// balancer cannot speak for (not a loopback address) is refused rather than
// passed on as 127.0.0.1, which the development zones trust.
import net from 'node:net';

export class RoundRobinBalancer {
  readonly #targets: readonly number[];
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #next = 0;

  constructor(targets: readonly number[]) {
    this.#targets = targets;
    this.#server = net.createServer((client) => this.#accept(client));
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  #accept(client: net.Socket): void {
    this.#sockets.add(client);
    client.once('close', () => this.#sockets.delete(client));
    client.on('error', () => client.destroy());
    const from = loopbackOf(client.remoteAddress);
    if (!from) {
      client.destroy();
      return;
    }
    client.pause();
    const first = this.#next++ % this.#targets.length;
    this.#connect(client, from, first, 0);
  }

  /** The instance at `index`, or the ones after it in turn when it refuses. */
  #connect(client: net.Socket, from: string, index: number, tried: number): void {
    const port = this.#targets[index % this.#targets.length]!;
    const host = net.isIPv6(from) ? '::1' : '127.0.0.1';
    const upstream = net.connect({ port, host, localAddress: from });
    this.#sockets.add(upstream);
    upstream.once('close', () => this.#sockets.delete(upstream));
    upstream.once('connect', () => {
      upstream.removeAllListeners('error');
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.once('error', () => {
      upstream.destroy();
      if (client.destroyed) return;
      if (tried + 1 < this.#targets.length) this.#connect(client, from, index + 1, tried + 1);
      else client.destroy();
    });
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** The client's loopback address as a local address to connect from (`::ffff:127.0.0.2` → `127.0.0.2`), or undefined for any other. */
function loopbackOf(address: string | undefined): string | undefined {
  if (address === '::1') return address;
  const v4 = address?.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 && net.isIPv4(v4) && v4.startsWith('127.') ? v4 : undefined;
}
