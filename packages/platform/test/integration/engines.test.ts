import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { cleanupNamespace, eventually, hostPort, suiteNamespace, TcpProxy, testUris, withPort } from '@webitr/testkit';
import { Broker } from '../../src/messaging/broker.ts';
import { createRedis, redisReady } from '../../src/redis.ts';
import { grantEvent, logger } from '../helpers.ts';

/** The engines as cities operate them: a RabbitMQ cluster's nodes listed in AMQP_URL, Redis behind Sentinel. */
describe('engines as operated (integration)', function () {
  this.timeout(60_000);
  const namespace = suiteNamespace('engines');
  const stopLater: (() => Promise<unknown>)[] = [];

  after(async () => {
    for (const stop of stopLater.reverse()) await stop();
    await cleanupNamespace({ namespace });
  });

  async function node(): Promise<TcpProxy> {
    const proxy = new TcpProxy(hostPort(testUris().amqp, 5672));
    await proxy.start();
    stopLater.push(() => proxy.stop());
    return proxy;
  }

  function clusterBroker(nodes: TcpProxy[], service: string): Broker {
    const broker = new Broker({ url: nodes.map((n) => withPort(testUris().amqp, n.port)).join(','), namespace, service, logger });
    stopLater.push(() => broker.close());
    return broker;
  }

  it('connects to the next RabbitMQ node when the first listed is down', async () => {
    const [down, up] = [await node(), await node()];
    await down.stop();
    const broker = clusterBroker([down, up], 'engines-first-down');
    await eventually(() => broker.isConnected || undefined, 'connected through the second node');
    await broker.publish(grantEvent('P-engines'));
  });

  it('fails over to another node when the connected one goes away, and publishes with confirms there', async () => {
    const nodes = [await node(), await node()];
    const broker = clusterBroker(nodes, 'engines-failover');
    await eventually(() => broker.isConnected || undefined, 'connected');
    const lost = new Promise<void>((resolve) => broker.connection.once('disconnect', () => resolve()));
    // Both nodes go down and one comes back: whichever was connected, the broker must find the one that is up.
    await nodes[0]!.stop();
    await nodes[1]!.stop();
    await lost;
    await nodes[1]!.start();
    await eventually(() => broker.isConnected || undefined, 'reconnected through the node that is up', 20_000);
    await broker.publish(grantEvent('P-engines'));
  });

  describe('Redis Sentinel', () => {
    const master = `${namespace}-master`;
    let sentinelPort = 0;
    let sentinel: ChildProcess | undefined;
    let dir = '';

    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'webitr-sentinel-'));
      sentinelPort = await freePort();
      const redis = hostPort(testUris().redis, 6379);
      // Quorum 1 and no replicas: this sentinel only names the shared test Redis as the master, it can fail nothing over.
      const conf = path.join(dir, 'sentinel.conf');
      await writeFile(
        conf,
        [
          `port ${sentinelPort}`,
          'bind 127.0.0.1',
          'protected-mode no',
          `dir ${dir}`,
          `sentinel monitor ${master} ${redis.host} ${redis.port} 1`,
          '',
        ].join('\n'),
      );
      sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
      const probe = new Redis({
        port: sentinelPort,
        host: '127.0.0.1',
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => 100,
      });
      probe.on('error', () => undefined);
      await eventually(
        async () => ((await probe.call('SENTINEL', 'get-master-addr-by-name', master).catch(() => null)) ? true : undefined),
        'the sentinel knows the master',
      );
      probe.disconnect();
    });

    after(async () => {
      if (sentinel && sentinel.exitCode === null) {
        const exited = new Promise((resolve) => sentinel!.once('exit', resolve));
        sentinel.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    });

    it('reaches the master the sentinels name, keys prefixed as usual', async () => {
      const viaSentinel = createRedis({ url: testUris().redis, sentinels: [`127.0.0.1:${sentinelPort}`], master }, namespace, logger);
      stopLater.push(() => viaSentinel.quit());
      expect(await redisReady(viaSentinel)).to.equal(true);
      await viaSentinel.set('sentinel:probe', 'through sentinel');
      const direct = createRedis(testUris().redis, '', logger);
      stopLater.push(() => direct.quit());
      expect(await redisReady(direct)).to.equal(true);
      expect(await direct.get(`${namespace}:sentinel:probe`)).to.equal('through sentinel');
      // The session client and the pub/sub subscriber are made with duplicate(): they go through the sentinels too.
      const duplicate = viaSentinel.duplicate();
      stopLater.push(() => duplicate.quit());
      expect(await redisReady(duplicate)).to.equal(true);
      expect(duplicate.options.sentinels).to.deep.equal([{ host: '127.0.0.1', port: sentinelPort }]);
    });

    it('does not connect to a master the sentinels do not know', async () => {
      const unknown = createRedis(
        { url: testUris().redis, sentinels: [`127.0.0.1:${sentinelPort}`], master: `${master}-unknown` },
        namespace,
        logger,
      );
      stopLater.push(async () => unknown.disconnect());
      expect(await redisReady(unknown, 2_000)).to.equal(false);
    });
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
