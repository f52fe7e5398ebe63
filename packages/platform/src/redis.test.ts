import { expect } from 'chai';
import { redisConnectionOptions, redisTargetOf } from './redis.ts';

describe('redisConnectionOptions', () => {
  it('connects to the one server a URL names, with its credentials and database', () => {
    expect(redisConnectionOptions({ url: 'rediss://webitr:p%40ss@cache.example:6380/2' })).to.deep.equal({
      username: 'webitr',
      password: 'p@ss',
      db: 2,
      tls: {},
      host: 'cache.example',
      port: 6380,
    });
    expect(redisConnectionOptions({ url: 'redis://127.0.0.1:6379' })).to.deep.equal({ db: 0, host: '127.0.0.1', port: 6379 });
  });

  it('asks the sentinels for the master they name; the URL gives only the password, database and TLS', () => {
    const options = redisConnectionOptions(
      redisTargetOf({
        REDIS_URL: 'rediss://:secret@webitr-redis/1',
        REDIS_SENTINELS: ['sentinel-0.sentinel:26379', '[fd00::1]:26379'],
        REDIS_SENTINEL_MASTER: 'webitr',
        REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      }),
    );
    expect(options).to.deep.equal({
      password: 'secret',
      db: 1,
      tls: {},
      sentinels: [
        { host: 'sentinel-0.sentinel', port: 26379 },
        { host: 'fd00::1', port: 26379 },
      ],
      name: 'webitr',
      sentinelPassword: 'sentinel-secret',
      enableTLSForSentinelMode: true,
      role: 'master',
    });
  });

  it('refuses sentinels without the master name', () => {
    expect(() => redisConnectionOptions({ url: 'redis://r', sentinels: ['s:26379'] })).to.throw(/REDIS_SENTINEL_MASTER/);
  });
});
