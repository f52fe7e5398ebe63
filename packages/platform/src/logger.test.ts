import { Writable } from 'node:stream';
import { expect } from 'chai';
import { runInContext } from './context.ts';
import { createLogger, NATIONAL_ID_REDACTED } from './logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, raw, logger: createLogger({ service: 'test', destination }) };
}

describe('createLogger', () => {
  it('writes JSON with service, level and time', () => {
    const { lines, logger } = capture();
    logger.info({ a: 1 }, 'hello');
    expect(lines[0]).to.include({ service: 'test', level: 'info', msg: 'hello', a: 1 });
    expect(lines[0]?.time).to.be.a('string');
  });

  it('puts the request and correlation id of the current work on every line, child loggers included', () => {
    const { lines, logger } = capture();
    runInContext({ requestId: 'req-1', correlationId: 'corr-1' }, () => logger.child({ module: 'leave' }).warn('x'));
    expect(lines[0]).to.include({ requestId: 'req-1', correlationId: 'corr-1', module: 'leave' });
  });

  it('redacts authorization headers, cookies and tokens', () => {
    const { lines, logger } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer abc', cookie: '__Host-sid=s3cret' } }, session: { token: 't0k' } });
    const req = lines[0]?.req as { headers: Record<string, string> };
    expect(req.headers.authorization).to.equal('[REDACTED]');
    expect(req.headers.cookie).to.equal('[REDACTED]');
    expect((lines[0]?.session as Record<string, string>).token).to.equal('[REDACTED]');
  });

  it('never writes a national ID number, in any field or message', () => {
    const { raw, logger } = capture();
    logger.info({ person: { nationalId: 'A123456789', note: 'ID F223456788 on file' }, residentId: 'A800000014' }, 'lookup A123456789');
    const line = raw.join('');
    expect(line).to.not.match(/A123456789|F223456788|A800000014/);
    expect(line).to.contain(NATIONAL_ID_REDACTED);
  });
});
