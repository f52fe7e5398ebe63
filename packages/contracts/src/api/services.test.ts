import { expect } from 'chai';
import { ACCESS_MARKS, SERVICE_ROUTES } from '../index.ts';

describe('service route tables', () => {
  for (const [service, routes] of Object.entries(SERVICE_ROUTES)) {
    describe(service, () => {
      const all = Object.values(routes);

      it('marks every operation with who may reach it', () => {
        for (const route of all) expect(ACCESS_MARKS, route.operationId).to.include(route.access);
      });

      it('declares each operation id and each method and path once', () => {
        expect(new Set(all.map((r) => r.operationId)).size).to.equal(all.length);
        expect(new Set(all.map((r) => `${r.method} ${r.path}`)).size).to.equal(all.length);
      });

      it('writes paths in their canonical form: lower case, no empty, dot or trailing segment', () => {
        for (const { path, operationId } of all) {
          expect(path, operationId).to.match(/^(\/([a-z0-9-]+|:[A-Za-z]+))+$/);
        }
      });

      it('keeps /internal for services only, and services-only operations under /internal', () => {
        for (const { path, access, operationId } of all) expect(path.startsWith('/internal/'), operationId).to.equal(access === 'internal');
      });
    });
  }
});
