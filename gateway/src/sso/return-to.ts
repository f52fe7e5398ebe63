/** Paths a sign-in never returns to: the sign-in itself, logging out, the API. */
const RESERVED = /^\/(sso|logout|api)(\/|$)/i;
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `return_to` of a tile deep link: a path on this origin only. Anything a
 * browser could read as another origin (`//evil`, `/\evil`, `https://evil`,
 * `javascript:`), control characters, or paths back into the sign-in itself
 * are refused, never silently "fixed".
 *
 * The value checked is the value sent: the raw text is parsed against the
 * public origin (WHATWG URL, as a browser would), and the checks run on the
 * result, whose path, query and fragment are what the redirect carries. On
 * the raw text alone, `/.//evil.example`, `/a/..//evil.example` or
 * `/%2e//evil.example` look like paths, and their normalised form
 * `//evil.example` is another host.
 */
export function safeReturnTo(value: unknown, publicOrigin: string): string | undefined {
  if (value === undefined || value === '') return '/';
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  if (!value.startsWith('/') || value.startsWith('//')) return undefined;
  // Browsers treat a backslash like a slash; URL parsers strip tabs and newlines.
  if (/[\\\s]/.test(value) || CONTROL.test(value)) return undefined;
  const origin = new URL(publicOrigin).origin;
  let url: URL;
  let decoded: string;
  try {
    url = new URL(value, origin);
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  // The normalised path: one leading slash, not followed by another or a backslash, even once decoded
  // (a later hop that decodes `/%2f%2fevil` or `/%5cevil` must not find a host in it either).
  if (/^\/[/\\]/.test(url.pathname) || /^\/[/\\]/.test(decoded) || /\\/.test(decoded) || CONTROL.test(decoded)) return undefined;
  if (RESERVED.test(url.pathname) || RESERVED.test(decoded)) return undefined;
  const target = `${url.pathname}${url.search}${url.hash}`;
  // What a browser makes of the Location header: this origin, this path.
  if (new URL(target, origin).href !== url.href) return undefined;
  return target;
}
