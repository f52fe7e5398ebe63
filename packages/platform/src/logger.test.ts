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

  it('redacts OAuth / OpenID Connect tokens by name at any of the first three levels of a line', () => {
    const { raw, lines, logger } = capture();
    logger.info(
      {
        id_token: 'eyJ.top-id.sig',
        tokens: { id_token: 'eyJ.nested-id.sig', access_token: 'at-secret-1', refresh_token: 'rt-secret-1' },
        req: { body: { logout_token: 'eyJ.logout.sig', id_token_hint: 'eyJ.hint.sig' } },
        session: { person: { idToken: 'eyJ.camel.sig' }, logoutToken: 'eyJ.camel-logout.sig' },
      },
      'token response',
    );
    const line = raw.join('');
    for (const secret of ['top-id', 'nested-id', 'at-secret-1', 'rt-secret-1', 'eyJ.logout', 'eyJ.hint', 'camel-logout'])
      expect(line, secret).to.not.contain(secret);
    expect(lines[0]).to.deep.include({ id_token: '[REDACTED]' });
    expect((lines[0]?.req as { body: Record<string, string> }).body).to.deep.equal({
      logout_token: '[REDACTED]',
      id_token_hint: '[REDACTED]',
    });
  });

  it('masks tokens written as parameters in text (a URL, a form body, an error message), keeping the parameter names', () => {
    const { raw, logger } = capture();
    logger.warn(
      { url: '/logout?id_token_hint=eyJhbGci.payload.sig&post_logout_redirect_uri=https%3A%2F%2Fx' },
      'posted logout_token=eyJ.lt.sig and access_token=opaque123',
    );
    const line = raw.join('');
    expect(line).to.not.contain('eyJhbGci').and.not.contain('eyJ.lt').and.not.contain('opaque123');
    expect(line).to.contain('id_token_hint=[REDACTED]&post_logout_redirect_uri=https%3A%2F%2Fx').and.contain('logout_token=[REDACTED]');
  });

  it('masks national ID numbers written with a lower-case letter, as whole words only', () => {
    const { raw, logger } = capture();
    logger.info({ typed: 'a123456789', note: 'id f223456788.' }, 'lookup e123456789 for x');
    const line = raw.join('');
    expect(line).to.not.match(/a123456789|f223456788|e123456789/);
    // Part of a longer word or number: not an ID, left alone.
    logger.info({ ref: 'xa123456789', serial: 'A1234567890', ticket: 'a12345678' });
    expect(raw.at(-1)).to.contain('xa123456789').and.contain('A1234567890').and.contain('a12345678');
  });
});
