import { expect } from 'chai';
import express from 'express';
import { listen } from './server.ts';

describe('listen / close', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    const app = express();
    let release!: () => void;
    const started = new Promise<void>((resolveStarted) => {
      app.get('/slow', async (_req, res) => {
        resolveStarted();
        await new Promise<void>((resolve) => (release = resolve));
        res.send('done');
      });
    });
    const server = await listen(app, 0);
    const inFlight = fetch(`${server.url}/slow`);
    await started;
    const closing = server.close(5_000);
    release();
    const res = await inFlight;
    expect(res.status).to.equal(200);
    expect(await res.text()).to.equal('done');
    await closing;
    const refused = await fetch(`${server.url}/slow`).catch((e: Error) => e);
    expect(refused).to.be.instanceOf(Error);
  });

  it('cuts connections still open when the time bound is reached', async () => {
    const app = express();
    app.get('/hang', () => undefined); // never answers
    const server = await listen(app, 0);
    const hanging = fetch(`${server.url}/hang`).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.close(300);
    expect(Date.now() - started).to.be.lessThan(3_000);
    expect(await hanging).to.be.instanceOf(Error);
  });
});
