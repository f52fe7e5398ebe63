import { request as httpRequest } from 'node:http';
import { CookieJar } from 'tough-cookie';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  url: string;
  json<T = Record<string, unknown>>(): T;
  header(name: string): string | undefined;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  body?: string;
  /** The request target exactly as written, in place of the URL's (which WHATWG parsing would resolve: dot segments, %2e, backslashes). */
  target?: string;
}

/**
 * A browser as far as the gateway can tell: a cookie jar (tough-cookie, as
 * browsers keep cookies: per host, Path, Secure, SameSite), redirects followed
 * one hop at a time so a test can stop and look, and a fixed client address:
 * the local address it connects from (any 127.x.y.z on Linux), plus the
 * headers a reverse proxy in front of the gateway would add.
 */
export class Browser {
  readonly jar = new CookieJar(undefined, { allowSecureOnLocal: true });
  readonly localAddress: string | undefined;
  readonly headers: Record<string, string>;

  constructor(options: { localAddress?: string; headers?: Record<string, string> } = {}) {
    this.localAddress = options.localAddress;
    this.headers = options.headers ?? {};
  }

  /** Through the trusted reverse proxy (127.0.0.2 in the tests), for a client at `clientAddress`, over "HTTPS". */
  static behindProxy(clientAddress: string): Browser {
    return new Browser({ localAddress: '127.0.0.2', headers: { 'x-forwarded-for': clientAddress, 'x-forwarded-proto': 'https' } });
  }

  async request(url: string, options: RequestOptions = {}): Promise<Answer> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...options.headers };
    const cookie = await this.jar.getCookieString(url, { http: true, sameSiteContext: 'strict' });
    if (cookie) headers.cookie = cookie;
    let body: string | undefined = options.body;
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const method = options.method ?? (body === undefined ? 'GET' : 'POST');
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        {
          host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: target.port,
          path: options.target ?? target.pathname + target.search,
          method,
          headers,
          localAddress: this.localAddress,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: text,
              url,
              json: <T>() => JSON.parse(text) as T,
              header: (name) => {
                const value = res.headers[name.toLowerCase()];
                return Array.isArray(value) ? value.join(', ') : value;
              },
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
    const setCookies = answer.headers['set-cookie'] ?? [];
    for (const line of setCookies) await this.jar.setCookie(line, url, { http: true, ignoreError: true });
    return answer;
  }

  /** Follow redirects (as GET) until a page that is not one; returns every hop. */
  async follow(url: string, options: RequestOptions = {}, maxHops = 12): Promise<{ final: Answer; hops: Answer[] }> {
    const hops: Answer[] = [];
    let answer = await this.request(url, options);
    hops.push(answer);
    while (answer.status >= 300 && answer.status < 400 && answer.header('location')) {
      if (hops.length > maxHops) throw new Error(`too many redirects from ${url}`);
      answer = await this.request(new URL(answer.header('location')!, answer.url).href, { headers: { accept: 'text/html' } });
      hops.push(answer);
    }
    return { final: answer, hops };
  }

  async cookie(url: string, name: string): Promise<string | undefined> {
    const cookies = await this.jar.getCookies(url, { http: true });
    return cookies.find((c) => c.key === name)?.value;
  }
}

/** Pull a form's action and fields out of a page (the dev IdP's login page). */
export function formsOf(html: string): { action: string; fields: Record<string, string>; label: string }[] {
  const forms: { action: string; fields: Record<string, string>; label: string }[] = [];
  for (const match of html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[input[1]!] = decodeEntities(input[2]!);
    forms.push({ action: decodeEntities(match[1]!), fields, label: match[2]! });
  }
  return forms;
}

const decodeEntities = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
