// Bootnodes (and peers added by hand) are libp2p multiaddrs that end in the node's peer id:
// /ip4/127.0.0.1/tcp/30303/p2p/16Uiu2HAm... geth's enode:// URLs (and ENRs) name devp2p nodes, which this node
// cannot talk to, so they are refused with a message that shows the form to use instead.
import type { PeerId } from '@libp2p/interface';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { toPeerId } from './peerId.js';

export interface PeerAddress {
  peerId: PeerId;
  /** The full address, /p2p/<peer id> included. */
  multiaddr: Multiaddr;
}

export class PeerAddressError extends Error {
  override name = 'PeerAddressError';
  constructor(
    message: string,
    /** What is wrong with the address, without the address itself. */
    readonly reason: string,
  ) {
    super(message);
  }
}

const EXAMPLE = '/ip4/127.0.0.1/tcp/30303/p2p/16Uiu2HAm...';
const HOST_PROTOCOLS = new Set(['ip4', 'ip6', 'dns', 'dns4', 'dns6']);

/** Parses one peer address; `kind` names it in the error ("bootnode", "peer address"). */
export function parsePeerAddress(text: string, kind = 'bootnode'): PeerAddress {
  const invalid = (reason: string) => new PeerAddressError(`invalid ${kind} ${JSON.stringify(text)}: ${reason}`, reason);
  const s = text.trim();
  if (/^enode:\/\//i.test(s)) throw invalid(`enode URLs are not supported, give a libp2p multiaddr like ${EXAMPLE}`);
  if (/^enr:/i.test(s)) throw invalid(`ENR records are not supported, give a libp2p multiaddr like ${EXAMPLE}`);
  let ma: Multiaddr;
  try {
    ma = multiaddr(s);
  } catch (e) {
    throw invalid(`not a multiaddr (${(e as Error).message}); want e.g. ${EXAMPLE}`);
  }
  const parts = ma.getComponents();
  const last = parts[parts.length - 1];
  if (last?.name !== 'p2p' || last.value === undefined) {
    throw invalid(`the address does not end in /p2p/<peer id>; want e.g. ${EXAMPLE}`);
  }
  if (parts.length !== 3 || !HOST_PROTOCOLS.has(parts[0]!.name) || parts[1]!.name !== 'tcp') {
    throw invalid(`want a TCP address, /ip4|ip6|dns4|dns6|dns/<host>/tcp/<port>/p2p/<peer id>`);
  }
  let peerId: PeerId;
  try {
    peerId = toPeerId(last.value);
  } catch (e) {
    throw invalid((e as Error).message);
  }
  return { peerId, multiaddr: ma };
}

/** Every bootnode of the list; the first bad one stops the parse. Duplicates are kept once. */
export function parseBootnodes(list: readonly string[]): PeerAddress[] {
  const seen = new Set<string>();
  const out: PeerAddress[] = [];
  for (const text of list) {
    const node = parsePeerAddress(text);
    const key = node.multiaddr.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(node);
  }
  return out;
}
