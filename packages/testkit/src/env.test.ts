import { expect } from 'chai';
import { DEFAULT_AMQP_URL, DEFAULT_REDIS_URL, testNamespace, testUris } from './env.ts';

describe('testkit/env', () => {
  describe('testNamespace()', () => {
    const saved = process.env['WEBITR_NAMESPACE'];
    afterEach(() => {
      if (saved === undefined) delete process.env['WEBITR_NAMESPACE'];
      else process.env['WEBITR_NAMESPACE'] = saved;
    });

    it('returns WEBITR_NAMESPACE when it is set', () => {
      process.env['WEBITR_NAMESPACE'] = 'tfeedbeef';
      expect(testNamespace()).to.equal('tfeedbeef');
    });

    it('falls back to one random, stable "t<8 hex>" namespace per process', () => {
      delete process.env['WEBITR_NAMESPACE'];
      const first = testNamespace();
      expect(first).to.match(/^t[0-9a-f]{8}$/);
      expect(testNamespace()).to.equal(first);
    });

    it('uses WEBITR_NAMESPACE when it is set (npm test sets a fresh one per run)', () => {
      const before = process.env['WEBITR_NAMESPACE'];
      try {
        process.env['WEBITR_NAMESPACE'] = 't0badc0de';
        expect(testNamespace()).to.equal('t0badc0de');
      } finally {
        if (before === undefined) delete process.env['WEBITR_NAMESPACE'];
        else process.env['WEBITR_NAMESPACE'] = before;
      }
    });
  });

  describe('testUris()', () => {
    it('throws a message that says to run `npm test` when MONGODB_URI is missing', () => {
      expect(() => testUris({})).to.throw(/MONGODB_URI.*`npm test`/);
      expect(() => testUris({ MONGODB_URI: '  ' })).to.throw(/MONGODB_URI/);
    });

    it('defaults AMQP_URL and REDIS_URL to the local servers', () => {
      expect(testUris({ MONGODB_URI: 'mongodb://db:27017/' })).to.deep.equal({
        mongodb: 'mongodb://db:27017/',
        amqp: DEFAULT_AMQP_URL,
        redis: DEFAULT_REDIS_URL,
      });
    });

    it('takes every URL from the environment when set', () => {
      const env = { MONGODB_URI: 'mongodb://m/', AMQP_URL: 'amqp://a/', REDIS_URL: 'redis://r/' };
      expect(testUris(env)).to.deep.equal({ mongodb: 'mongodb://m/', amqp: 'amqp://a/', redis: 'redis://r/' });
    });

    it('reads process.env by default', () => {
      const before = process.env['MONGODB_URI'];
      try {
        process.env['MONGODB_URI'] = 'mongodb://from-env:27017/';
        expect(testUris().mongodb).to.equal('mongodb://from-env:27017/');
      } finally {
        if (before === undefined) delete process.env['MONGODB_URI'];
        else process.env['MONGODB_URI'] = before;
      }
    });
  });
});
