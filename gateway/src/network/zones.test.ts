import type { IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { ClientAddress, ZoneMap, normalizeIp, parseCidr } from './zones.ts';

const zones = new ZoneMap({ intranet: ['10.0.0.0/8', 'fd00::/8'], vpn: ['10.250.0.0/16'], 'onsite-kh-guanghua-es': ['10.30.1.0/24'] });

const request = (peer: string, forwardedFor?: string) =>
  ({
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
  }) as unknown as IncomingMessage;

describe('network zones and the client address', () => {
  it('puts an address in every zone containing it, the most specific first; elsewhere is the internet', () => {
    expect(zones.resolve('10.250.3.4')).to.deep.equal({ zone: 'vpn', zones: ['vpn', 'intranet'] });
    expect(zones.resolve('10.30.1.9')).to.deep.equal({ zone: 'onsite-kh-guanghua-es', zones: ['onsite-kh-guanghua-es', 'intranet'] });
    expect(zones.resolve('10.1.1.1')).to.deep.equal({ zone: 'intranet', zones: ['intranet'] });
    expect(zones.resolve('fd12::1')).to.deep.equal({ zone: 'intranet', zones: ['intranet'] });
    expect(zones.resolve('203.0.113.7')).to.deep.equal({ zone: 'internet', zones: ['internet'] });
    expect(zones.resolve('not an address')).to.deep.equal({ zone: 'internet', zones: ['internet'] });
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(normalizeIp('::ffff:10.250.0.7')).to.equal('10.250.0.7');
    expect(zones.resolve('::ffff:10.250.0.7').zone).to.equal('vpn');
    expect(parseCidr('::ffff:10.0.0.0/104')).to.deep.equal(parseCidr('10.0.0.0/8'));
  });

  it('uses the socket address when the peer is not a trusted proxy, ignoring X-Forwarded-For', () => {
    const addresses = new ClientAddress(['10.9.9.9'], zones);
    expect(addresses.of(request('203.0.113.7', '10.250.0.7'))).to.deep.equal({
      address: '203.0.113.7',
      zone: 'internet',
      zones: ['internet'],
    });
  });

  it('believes X-Forwarded-For from a trusted proxy, taking the nearest hop that is not a trusted proxy', () => {
    const addresses = new ClientAddress(['10.9.9.9', '10.9.9.10'], zones);
    expect(addresses.of(request('10.9.9.9', '10.250.0.7')).address).to.equal('10.250.0.7');
    // The client wrote 10.250.0.7 itself; the hop our proxy saw is the internet address.
    expect(addresses.of(request('10.9.9.9', '10.250.0.7, 203.0.113.7')).address).to.equal('203.0.113.7');
    // Two trusted proxies in a row.
    expect(addresses.of(request('10.9.9.9', '203.0.113.7, 10.250.0.7, 10.9.9.10')).address).to.equal('10.250.0.7');
  });

  it('matches a trusted proxy that appears IPv4-mapped on a dual-stack socket, and reports addresses normalised', () => {
    const addresses = new ClientAddress(['10.9.9.9'], zones);
    expect(addresses.of(request('::ffff:10.9.9.9', '10.250.0.7'))).to.deep.equal({
      address: '10.250.0.7',
      zone: 'vpn',
      zones: ['vpn', 'intranet'],
    });
    expect(addresses.of(request('::ffff:203.0.113.7')).address).to.equal('203.0.113.7');
  });

  it('trusts no forwarding header at all when no proxy is configured', () => {
    const addresses = new ClientAddress([], zones);
    expect(addresses.of(request('127.0.0.1', '10.250.0.7')).address).to.equal('127.0.0.1');
  });
});
