import { expect } from 'chai';
import { z } from 'zod';
import { generateIssuerKeys } from './auth/assertion.ts';
import { amqpUrls, baseConfigShape, ConfigError, loadConfig, mongoUriProblems, secret } from './config.ts';

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
      MONGODB_URI: replicaSetUri,
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

  it('refuses a production MONGODB_URI without a replica set, majority writes and reads, naming each', () => {
    const problems = problemsOf({
      ...complete,
      NODE_ENV: 'production',
      AMQP_URL: 'amqp://mq',
      REDIS_URL: 'redis://r',
      SESSION_SECRET: 'a-real-secret-from-the-vault',
    });
    expect(problems.filter((p) => p.variable === 'MONGODB_URI').map((p) => p.message)).to.deep.equal([
      'must name the replica set (replicaSet=…), or be a mongodb+srv:// URI',
      'must ask for w=majority',
      'must ask for readConcernLevel=majority',
    ]);
    // Outside production the development server (FerretDB, one node) is fine.
    expect(() => loadConfig(schema, complete)).to.not.throw();
  });
});

const replicaSetUri =
  'mongodb://webitr:pw@mongo-0.mongo:27017,mongo-1.mongo:27017,mongo-2.mongo:27017/?replicaSet=rs0&w=majority&readConcernLevel=majority&authSource=admin';

describe('mongoUriProblems', () => {
  it('accepts a replica set with majority writes and reads, options in any case', () => {
    expect(mongoUriProblems(replicaSetUri)).to.deep.equal([]);
    expect(mongoUriProblems('mongodb+srv://webitr:pw@cluster.example/?W=majority&readconcernlevel=majority')).to.deep.equal([]);
  });

  it('refuses reads from secondaries: a version check must read what it updates', () => {
    expect(mongoUriProblems(`${replicaSetUri}&readPreference=secondaryPreferred`)).to.deep.equal([
      'must read from the primary (readPreference=primary or unset): version checks read what they update',
    ]);
    expect(mongoUriProblems(`${replicaSetUri}&readPreference=primary`)).to.deep.equal([]);
  });

  it('refuses w=1', () => {
    expect(mongoUriProblems(replicaSetUri.replace('w=majority', 'w=1'))).to.deep.equal(['must ask for w=majority']);
  });
});

describe('engine settings', () => {
  it('takes a RabbitMQ cluster as a comma-separated list of URLs', () => {
    const nodes = 'amqp://u:p@rabbit-0.rabbit:5672, amqp://u:p@rabbit-1.rabbit:5672,amqps://u:p@rabbit-2.rabbit:5671';
    const config = loadConfig(schema, { ...complete, AMQP_URL: nodes });
    expect(amqpUrls(config.AMQP_URL)).to.deep.equal([
      'amqp://u:p@rabbit-0.rabbit:5672',
      'amqp://u:p@rabbit-1.rabbit:5672',
      'amqps://u:p@rabbit-2.rabbit:5671',
    ]);
    expect(problemsOf({ ...complete, AMQP_URL: 'amqp://rabbit-0,http://rabbit-1' }).map((p) => p.variable)).to.deep.equal(['AMQP_URL']);
    expect(problemsOf({ ...complete, AMQP_URL: ' , ' }).map((p) => p.variable)).to.deep.equal(['AMQP_URL']);
  });

  it('takes Redis Sentinel as host:port list and the master name, and requires the name with the list', () => {
    const config = loadConfig(schema, {
      ...complete,
      REDIS_SENTINELS: 'sentinel-0:26379, sentinel-1:26379,sentinel-2:26379',
      REDIS_SENTINEL_MASTER: 'webitr',
    });
    expect(config.REDIS_SENTINELS).to.deep.equal(['sentinel-0:26379', 'sentinel-1:26379', 'sentinel-2:26379']);
    expect(config.REDIS_SENTINEL_MASTER).to.equal('webitr');
    expect(loadConfig(schema, complete).REDIS_SENTINELS).to.equal(undefined);
    expect(problemsOf({ ...complete, REDIS_SENTINELS: 'sentinel-0:26379' })).to.deep.equal([
      { variable: 'REDIS_SENTINEL_MASTER', message: 'is required with REDIS_SENTINELS (the master name the sentinels monitor)' },
    ]);
    expect(problemsOf({ ...complete, REDIS_SENTINELS: 'sentinel-0', REDIS_SENTINEL_MASTER: 'webitr' })).to.deep.equal([
      { variable: 'REDIS_SENTINELS.0', message: 'each must be host:port, e.g. redis-sentinel-0:26379 or [fd00::1]:26379' },
    ]);
  });
});
