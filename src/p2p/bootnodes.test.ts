import { describe, expect, it } from 'vitest';
import { parseBootnodes, parsePeerAddress, PeerAddressError } from './bootnodes.js';

const ID = '16Uiu2HAmFzAcpWwksZvDPbaNuLRc9q9hjgHgQh6zH84uHkGHs42p';

describe('bootnodes', () => {
  it('parse multiaddrs that end in /p2p/<peer id>', () => {
    const [a, b] = parseBootnodes([`/ip4/127.0.0.1/tcp/30303/p2p/${ID}`, ` /dns4/boot.example/tcp/1/p2p/${ID} `]);
    expect(a!.peerId.toString()).toBe(ID);
    expect(a!.multiaddr.toString()).toBe(`/ip4/127.0.0.1/tcp/30303/p2p/${ID}`);
    expect(b!.multiaddr.toString()).toBe(`/dns4/boot.example/tcp/1/p2p/${ID}`);
    expect(parsePeerAddress(`/ip6/::1/tcp/30303/p2p/${ID}`).peerId.toString()).toBe(ID);
  });

  it('keep a repeated address once', () => {
    expect(parseBootnodes([`/ip4/127.0.0.1/tcp/1/p2p/${ID}`, `/ip4/127.0.0.1/tcp/1/p2p/${ID}`])).toHaveLength(1);
  });

  it.each([
    ['enode://a979fb575495b8d6db44f750317d0f4622bf4c2aa3365d6af7c284339968eef29b69ad0dce72a4d8db5ebb4968de0e3bec910127f134779fbcb0cb6d3331163c@52.16.188.185:30303', /enode URLs are not supported, give a libp2p multiaddr like \/ip4\/127\.0\.0\.1\/tcp\/30303\/p2p\/16U/],
    ['enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0', /ENR records are not supported/],
    ['/ip4/127.0.0.1/tcp/30303', /does not end in \/p2p\/<peer id>/],
    ['127.0.0.1:30303', /not a multiaddr/],
    ['/ip4/999.0.0.1/tcp/30303/p2p/' + ID, /not a multiaddr/],
    ['/ip4/127.0.0.1/tcp/30303/p2p/notapeerid', /invalid peer id "notapeerid"/],
    [`/ip4/127.0.0.1/udp/30303/p2p/${ID}`, /want a TCP address/],
    [`/p2p/${ID}`, /want a TCP address/],
    ['', /does not end in \/p2p/],
  ])('refuse %s with an error naming it', (text, message) => {
    let err: unknown;
    try {
      parseBootnodes([`/ip4/127.0.0.1/tcp/1/p2p/${ID}`, text]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PeerAddressError);
    expect((err as Error).message).toContain(`invalid bootnode ${JSON.stringify(text)}: `);
    expect((err as Error).message).toMatch(message);
  });

  it('name what the address is for', () => {
    expect(() => parsePeerAddress('enode://x@1.2.3.4:1', 'peer address')).toThrow(/^invalid peer address "enode:/);
  });
});
