import ipaddr from 'ipaddr.js';
import type { IPv4, IPv6 } from 'ipaddr.js';
import proxyAddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';

/** Where a request came from, as the gateway decides it. */
export interface NetworkContext {
  /** The client address: the socket's, or the nearest untrusted X-Forwarded-For hop behind trusted proxies. */
  address: string;
  /** The most specific configured zone containing the address, or `internet`. */
  zone: string;
  /** Every configured zone containing the address (an onsite range inside the intranet is both). */
  zones: readonly string[];
}

export const INTERNET = 'internet';

type Range = [IPv4 | IPv6, number];

/** `10.0.0.0/8`, `fd00::/8`, or a single address (a /32 or /128). */
export function parseCidr(text: string): Range | undefined {
  try {
    if (text.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(text);
      return [normalizeAddress(address), address.kind() === 'ipv6' && normalizeAddress(address).kind() === 'ipv4' ? bits - 96 : bits];
    }
    const address = normalizeAddress(ipaddr.parse(text));
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

/** An IPv4-mapped IPv6 address (::ffff:10.1.2.3, as a dual-stack socket reports IPv4 peers) is the IPv4 address. */
function normalizeAddress(address: IPv4 | IPv6): IPv4 | IPv6 {
  return address.kind() === 'ipv6' && (address as IPv6).isIPv4MappedAddress() ? (address as IPv6).toIPv4Address() : address;
}

/** The canonical text of an address, or undefined if it is not one. */
export function normalizeIp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  return normalizeAddress(ipaddr.parse(bare)).toString();
}

/** Zones by CIDR: resolves an address to every zone containing it, most specific first. */
export class ZoneMap {
  readonly #ranges: { zone: string; range: Range }[];

  constructor(zones: Record<string, readonly string[]>) {
    this.#ranges = Object.entries(zones)
      .flatMap(([zone, cidrs]) =>
        cidrs.map((cidr) => {
          const range = parseCidr(cidr);
          if (!range) throw new Error(`zone ${zone}: ${cidr} is not a CIDR`);
          return { zone, range };
        }),
      )
      // Longest prefix first: the VPN pool inside the intranet is `vpn`, an onsite range is `onsite-…`.
      .sort((a, b) => b.range[1] - a.range[1]);
  }

  resolve(address: string | undefined): Pick<NetworkContext, 'zone' | 'zones'> {
    const normalized = normalizeIp(address);
    if (!normalized) return { zone: INTERNET, zones: [INTERNET] };
    const ip = ipaddr.parse(normalized);
    const zones: string[] = [];
    for (const { zone, range } of this.#ranges) {
      if (ip.kind() === range[0].kind() && ip.match(range) && !zones.includes(zone)) zones.push(zone);
    }
    return zones.length > 0 ? { zone: zones[0]!, zones } : { zone: INTERNET, zones: [INTERNET] };
  }
}

/**
 * Decides the client address: the socket's peer, or — only when that peer is
 * a trusted proxy — the nearest X-Forwarded-For hop that is not itself a
 * trusted proxy. A header sent by anyone else is ignored. Express's
 * `trust proxy` is set to the same function, so req.secure (X-Forwarded-Proto)
 * follows the same rule.
 */
export class ClientAddress {
  readonly trust: (address: string, hop: number) => boolean;
  readonly #zones: ZoneMap;
  /**
   * The answer depends on the socket's peer and the X-Forwarded-For header
   * only; a browser sends the same pair on every request, so it is worked out
   * once (parsing addresses and matching ranges was a measurable part of each
   * request) and shared, frozen.
   */
  readonly #known = new Map<string, NetworkContext>();

  constructor(trustedProxies: readonly string[], zones: ZoneMap) {
    // proxy-addr treats ::ffff:a.b.c.d as a.b.c.d when comparing with IPv4 ranges.
    this.trust = trustedProxies.length > 0 ? proxyAddr.compile([...trustedProxies]) : () => false;
    this.#zones = zones;
  }

  of(req: IncomingMessage): NetworkContext {
    const forwarded = req.headers['x-forwarded-for'];
    const key = `${req.socket.remoteAddress}|${forwarded ?? ''}`;
    const known = this.#known.get(key);
    if (known) return known;
    const raw = proxyAddr(req, this.trust);
    const address = normalizeIp(raw) ?? 'invalid';
    const { zone, zones } = this.#zones.resolve(address);
    const network: NetworkContext = Object.freeze({ address, zone, zones: Object.freeze(zones) });
    // A long X-Forwarded-For is anyone's to make up: only short keys are kept, and only so many.
    if (key.length <= 256) {
      if (this.#known.size >= KNOWN_MAX) this.#known.delete(this.#known.keys().next().value!);
      this.#known.set(key, network);
    }
    return network;
  }
}

const KNOWN_MAX = 10_000;
