/**
 * `return_to` of a tile deep link: a path on this origin only. Anything a
 * browser could read as another origin (`//evil`, `/\evil`, `https://evil`,
 * `javascript:`), control characters, or paths back into the sign-in itself
 * are refused, never silently "fixed".
 */
export function safeReturnTo(value: unknown, publicOrigin: string): string | undefined {
  if (value === undefined || value === '') return '/';
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  // Browsers treat a backslash like a slash; whitespace and control characters are stripped or trip parsers.
  if (/[\\\s]/.test(value) || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  let url: URL;
  try {
    url = new URL(value, publicOrigin);
  } catch {
    return undefined;
  }
  if (url.origin !== publicOrigin) return undefined;
  if (/^\/(sso|logout)(\/|$)/.test(url.pathname) || url.pathname.startsWith('/api/')) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}
