import express from 'express';
import type { Express, RequestHandler, Router } from 'express';
import { InputError } from '../errors.ts';

/**
 * One rule for what a path is, the same at the gateway and in every service:
 * routes match case-sensitively and strictly (a trailing slash is another
 * path), and a path that is not in its one canonical spelling is refused
 * before any route or policy sees it. Otherwise a policy decided on one
 * spelling (`/api/attendance/web-punches`) and a router that accepts another
 * (`/WEB-PUNCHES`, `/web-punches/`, `/%77eb-punches`, `/x/../web-punches`)
 * disagree about what was asked for.
 */

const REASONS = {
  'not-origin-form': '網址須以 / 開頭',
  backslash: '網址不可含反斜線（\\）',
  'empty-segment': '網址不可含連續斜線（//）',
  'dot-segment': '網址不可含 . 或 .. 路徑段',
  'trailing-slash': '網址結尾不可有斜線',
  'bad-escape': '網址含無效的百分比編碼',
  'needless-escape': '網址不可以百分比編碼表示英數字、-._~、斜線、反斜線或控制字元（如 %2F、%2E、%5C）',
} as const;
export type PathProblem = keyof typeof REASONS;

const HEX = /^[0-9A-Fa-f]{2}$/;
/** Characters that must be written as themselves (RFC 3986 §2.3, §6.2.2.2) or whose escape turns one segment into two somewhere down the line. */
const mustNotBeEscaped = (code: number) => code < 0x20 || code === 0x7f || /[A-Za-z0-9\-._~/\\]/.test(String.fromCharCode(code));

/** Why the path of a request target (query string aside) is not canonical, or undefined if it is. */
export function pathProblem(target: string): PathProblem | undefined {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  if (!path.startsWith('/')) return 'not-origin-form';
  if (path.includes('\\')) return 'backslash';
  if (path.includes('//')) return 'empty-segment';
  if (path.length > 1 && path.endsWith('/')) return 'trailing-slash';
  for (const segment of path.split('/')) if (segment === '.' || segment === '..') return 'dot-segment';
  for (let at = path.indexOf('%'); at !== -1; at = path.indexOf('%', at + 1)) {
    const hex = path.slice(at + 1, at + 3);
    if (!HEX.test(hex)) return 'bad-escape';
    if (mustNotBeEscaped(Number.parseInt(hex, 16))) return 'needless-escape';
  }
  return undefined;
}

/** 400 PATH_NOT_CANONICAL for a request whose path is not in its canonical spelling. */
export function pathNotCanonical(problem: PathProblem): InputError {
  return new InputError({ code: 'PATH_NOT_CANONICAL', title: '網址格式不正確', detail: `${REASONS[problem]}；請使用系統提供的網址。` });
}

/** Refuse any request whose path is not canonical, before anything else looks at it. */
export const canonicalPaths: RequestHandler = (req, _res, next) => {
  const problem = pathProblem(req.url);
  if (problem) throw pathNotCanonical(problem);
  next();
};

/** Routing as the app does it: case-sensitive, and strict about a trailing slash. */
export const ROUTING = { caseSensitive: true, strict: true } as const;

/** A router that matches as the app does: every router of every process is made here. */
export const createRouter = (): Router => express.Router(ROUTING);

/** Turn the app's own routing to the one rule (before its first route). */
export function useStrictRouting(app: Express): void {
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
}

interface RouterLike {
  stack?: { handle?: unknown; route?: { path: string; methods: Record<string, boolean> }; rawPath?: unknown }[];
  caseSensitive?: boolean;
  strict?: boolean;
}

/**
 * An app whose routers do not all follow the rule does not start: a router
 * made with express.Router() matches case-insensitively whatever the app's
 * settings, which is how `/INTERNAL/…` once passed for `/internal/…`.
 */
export function assertStrictRouting(app: Express): void {
  const visit = (router: RouterLike, where: string) => {
    if (!router.caseSensitive || !router.strict)
      throw new Error(`${where}: a router that is not case-sensitive and strict; make it with createRouter() from @webitr/platform`);
    for (const layer of router.stack ?? []) {
      const handle = layer.handle as RouterLike | undefined;
      if (!layer.route && Array.isArray(handle?.stack)) visit(handle!, `${where} › router`);
    }
  };
  visit((app as unknown as { router: RouterLike }).router, 'app');
}

/**
 * Every route of a router and of the routers mounted in it, as method and
 * path (once each): lets a service's tests hold what it serves to its route
 * table in @webitr/contracts.
 */
export function listRoutes(router: Router | Express): { method: string; path: string }[] {
  const found = new Map<string, { method: string; path: string }>();
  const visit = (r: RouterLike, prefix: string) => {
    for (const layer of r.stack ?? []) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.set(`${method} ${prefix}${layer.route.path}`, { method, path: `${prefix}${layer.route.path}` });
        continue;
      }
      const handle = layer.handle as RouterLike | undefined;
      if (Array.isArray(handle?.stack))
        visit(handle!, typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? `${prefix}${layer.rawPath}` : prefix);
    }
  };
  visit(('router' in router ? router.router : router) as unknown as RouterLike, '');
  return [...found.values()];
}
