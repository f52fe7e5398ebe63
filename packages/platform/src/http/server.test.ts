import type { Server } from 'node:http';
import { connect } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { listen, REQUEST_TIMEOUT_MS } from './server.ts';

/** One raw keep-alive connection: what the server wrote on it, and when it closed. */
function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    send: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`),
    received: () => received,
    closed,
    /** Resolves once `text` has arrived. */
    until: (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.includes(text)) {
            socket.off('data', check);
            resolve();
          }
        };
        socket.on('data', check);
        socket.once('close', () =>
          received.includes(text) ? resolve() : reject(new Error(`connection closed before "${text}"; got: ${received}`)),
        );
        check();
      }),
  };
}

/** Resolves when the server has received its next request (it may still be queued behind the one in flight). */
function nextRequest(server: Server): Promise<void> {
  return new Promise((resolve) => server.once('request', () => resolve()));
}

/** An app with a request that waits until released, and a quick one; it records every path it handled. */
function slowApp() {
  const app = express();
  const handled: string[] = [];
  let release!: () => void;
  const started = new Promise<void>((resolveStarted) => {
    app.get('/slow', async (req, res) => {
      handled.push(req.path);
      resolveStarted();
      await new Promise<void>((resolve) => (release = resolve));
      res.send('slow done');
    });
  });
  app.get('/quick', (req, res) => {
    handled.push(req.path);
    res.send('quick done');
  });
  return { app, handled, started, release: () => release() };
}

describe('listen: how long a request may take', () => {
  it('gives a request body far longer than Node’s 5-minute default to arrive (a big card file streaming in), and headers still 66 s', async () => {
    const server = await listen(express(), 0);
    try {
      expect(server.server.requestTimeout).to.equal(REQUEST_TIMEOUT_MS);
      expect(REQUEST_TIMEOUT_MS).to.be.at.least(30 * 60_000);
      expect(server.server.headersTimeout).to.equal(66_000);
    } finally {
      await server.close(1_000);
    }
  });
});

describe('listen / close (drain)', () => {
  it('lets an in-flight request finish with its real answer and Connection: close, then refuses new connections', async () => {
    const { app, started, release } = slowApp();
    const server = await listen(app, 0);
    const inFlight = fetch(`${server.url}/slow`);
    await started;
    const closing = server.close(5_000);
    release();
    const res = await inFlight;
    expect(res.status).to.equal(200);
    expect(await res.text()).to.equal('slow done');
    // The client must not send anything more on this connection.
    expect(res.headers.get('connection')).to.equal('close');
    await closing;
    const refused = await fetch(`${server.url}/slow`).catch((e: Error) => e);
    expect(refused).to.be.instanceOf(Error);
  });

  it('takes no new request on a connection that was open when shutdown began', async () => {
    const { app, handled, started, release } = slowApp();
    const server = await listen(app, 0);
    const conn = rawConnection(server.port);
    conn.send('/slow');
    await started;
    const closing = server.close(5_000);
    // Pipelined behind the request in flight, on the same keep-alive connection, after shutdown began.
    const arrived = nextRequest(server.server);
    conn.send('/quick');
    await arrived;
    release();
    await conn.closed;
    await closing;
    const [first, second] = conn.received().split(/(?=HTTP\/1\.1 )/);
    expect(first).to.contain('slow done');
    expect(first).to.match(/^connection: close\r$/im);
    expect(handled).to.deep.equal(['/slow']);
    // The connection ends after the answer that said close: the client knows the pipelined request was not processed.
    expect(second).to.equal(undefined);
  });

  it('refuses with 503 SERVICE_SHUTTING_DOWN a request arriving on an open connection during the drain', async () => {
    const app = express();
    const handled: string[] = [];
    let release!: () => void;
    // The answer's head goes out before shutdown: this connection was promised keep-alive.
    app.get('/stream', async (req, res) => {
      handled.push(req.path);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('part;');
      await new Promise<void>((resolve) => (release = resolve));
      res.end('end');
    });
    const server = await listen(app, 0);
    const conn = rawConnection(server.port);
    conn.send('/stream');
    await conn.until('part;');
    const closing = server.close(5_000);
    const arrived = nextRequest(server.server);
    conn.send('/stream');
    await arrived;
    release();
    await conn.closed;
    await closing;
    expect(handled).to.deep.equal(['/stream']);
    const [first, second] = conn.received().split(/(?=HTTP\/1\.1 )/);
    expect(first).to.match(/part;.*end/s);
    expect(second).to.match(/^HTTP\/1\.1 503 /);
    expect(second).to.match(/^connection: close\r$/im);
    expect(second).to.match(/^retry-after: 1\r$/im);
    expect(second).to.contain('"code":"SERVICE_SHUTTING_DOWN"');
  });

  it('closes idle keep-alive connections at once while a request is still in flight', async () => {
    const { app, started, release } = slowApp();
    const server = await listen(app, 0);
    const idle = rawConnection(server.port);
    idle.send('/quick');
    await idle.until('quick done');
    const busy = rawConnection(server.port);
    busy.send('/slow');
    await started;
    const closing = server.close(5_000);
    // Closed before the request in flight is answered.
    await idle.closed;
    expect(busy.received()).not.to.contain('slow done');
    release();
    await busy.closed;
    await closing;
    expect(busy.received()).to.contain('slow done');
  });

  it('cuts connections still open when the time bound is reached', async () => {
    const app = express();
    let arrived!: () => void;
    const started = new Promise<void>((resolve) => (arrived = resolve));
    app.get('/hang', () => arrived()); // never answers
    const server = await listen(app, 0);
    const hanging = fetch(`${server.url}/hang`).catch((e: Error) => e);
    await started;
    await server.close(300);
    expect(await hanging).to.be.instanceOf(Error);
  });
});
