import { expect } from 'chai';
import { z } from 'zod';
import { generateIssuerKeys } from './auth/assertion.ts';
import { baseConfigShape, ConfigError, loadConfig, secret } from './config.ts';

const schema = z.object({ ...baseConfigShape, SESSION_SECRET: secret('development-only-secret-value') });
const complete: Record<string, string> = { MONGODB_URI: 'mongodb://127.0.0.1:27017', PORT: '3000' };

before(async () => {
  const { privateJwk, publicJwk } = await generateIssuerKeys();
  complete.ASSERTION_PRIVATE_KEY = JSON.stringify(privateJwk);
  complete.ASSERTION_TRUSTED_KEYS = JSON.stringify({ gateway: publicJwk });
});

function problemsOf(env: NodeJS.ProcessEnv) {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills development defaults for infrastructure and secrets', () => {
    const config = loadConfig(schema, complete);
    expect(config.AMQP_URL).to.equal('amqp://guest:guest@127.0.0.1:5672');
    expect(config.REDIS_URL).to.equal('redis://127.0.0.1:6379');
    expect(config.SESSION_SECRET).to.equal('development-only-secret-value');
    expect(config.PORT).to.equal(3000);
    expect(config.NODE_ENV).to.equal('development');
  });

  it('names a missing variable', () => {
    const problems = problemsOf({ PORT: '3000' });
    expect(problems).to.deep.include({ variable: 'MONGODB_URI', message: 'is required' });
    expect(problems).to.deep.include({ variable: 'ASSERTION_PRIVATE_KEY', message: 'is required' });
  });

  it('refuses a key that is not an EC P-256 JWK, naming the variable', () => {
    const problems = problemsOf({ ...complete, ASSERTION_PRIVATE_KEY: '{"kty":"RSA"}', ASSERTION_TRUSTED_KEYS: 'not json' });
    expect(problems.map((p) => p.variable)).to.have.members(['ASSERTION_PRIVATE_KEY', 'ASSERTION_TRUSTED_KEYS']);
  });

  it('treats an empty variable as missing', () => {
    expect(problemsOf({ ...complete, MONGODB_URI: '' })).to.deep.include({ variable: 'MONGODB_URI', message: 'is required' });
  });

  it('names a malformed variable and says why', () => {
    const problems = problemsOf({ ...complete, AMQP_URL: 'http://rabbit', PORT: 'eighty' });
    expect(problems.map((p) => p.variable)).to.have.members(['AMQP_URL', 'PORT']);
    expect(problems.find((p) => p.variable === 'AMQP_URL')?.message).to.contain('amqp://');
    expect(problems.find((p) => p.variable === 'PORT')?.message).to.not.equal('is required');
  });

  it('has no default secrets or infrastructure in production', () => {
    const problems = problemsOf({ ...complete, NODE_ENV: 'production' });
    expect(problems.map((p) => p.variable)).to.include.members(['SESSION_SECRET', 'AMQP_URL', 'REDIS_URL']);
    expect(problems.find((p) => p.variable === 'SESSION_SECRET')?.message).to.contain('production');
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(schema, {
      ...complete,
      NODE_ENV: 'production',
      AMQP_URL: 'amqps://u:p@mq.example:5671',
      REDIS_URL: 'rediss://cache.example:6380',
      SESSION_SECRET: 'a-real-secret-from-the-vault',
    });
    expect(config.SESSION_SECRET).to.equal('a-real-secret-from-the-vault');
  });

  it('puts every problem into the error message, one variable a line', () => {
    const error = (() => {
      try {
        loadConfig(schema, {});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message)
      .to.match(/MONGODB_URI: is required/)
      .and.match(/PORT: is required/);
  });
});
