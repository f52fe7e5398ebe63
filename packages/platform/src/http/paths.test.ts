import { expect } from 'chai';
import { pathProblem } from './paths.ts';

describe('canonical paths', () => {
  for (const path of [
    '/',
    '/forms/42',
    '/forms/42?x=/../&y=%2F',
    '/agencies/KH-GUANGHUA-ES/flows',
    `/people/${encodeURIComponent('陳老師')}`,
    '/a%20b',
    '/a%3Bb%25c',
    '/a.b/c..d/...',
    '/files/%C3%A9',
  ]) {
    it(`takes ${path}`, () => expect(pathProblem(path)).to.equal(undefined));
  }
  for (const [path, problem] of [
    ['forms/42', 'not-origin-form'],
    ['http://evil.example/forms', 'not-origin-form'],
    ['*', 'not-origin-form'],
    ['/forms\\42', 'backslash'],
    ['//forms', 'empty-segment'],
    ['/forms//42', 'empty-segment'],
    ['/forms/42/', 'trailing-slash'],
    ['/forms/42/?x', 'trailing-slash'],
    ['/forms/.', 'dot-segment'],
    ['/forms/../internal/x', 'dot-segment'],
    ['/forms/%2e%2e/internal', 'needless-escape'],
    ['/forms/%2E', 'needless-escape'],
    ['/forms%2F42', 'needless-escape'],
    ['/forms%2f42', 'needless-escape'],
    ['/forms%5C42', 'needless-escape'],
    ['/%77eb-punches', 'needless-escape'],
    ['/forms/%7E', 'needless-escape'],
    ['/forms/%00', 'needless-escape'],
    ['/forms/%', 'bad-escape'],
    ['/forms/%4', 'bad-escape'],
    ['/forms/%G1', 'bad-escape'],
  ] as const) {
    it(`refuses ${path} (${problem})`, () => expect(pathProblem(path)).to.equal(problem));
  }
});
