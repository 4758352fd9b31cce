import type { Libp2p } from '@libp2p/interface';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReqResp } from './reqResp.js';
import { HandshakeError, StatusHandshake, type StatusExchange } from './statusHandshake.js';
import { connectedBareNodes, RecordingLogger, stopTestHosts } from './testHosts.js';

let a: Libp2p;
let b: Libp2p;
beforeEach(async () => {
  [a, b] = await connectedBareNodes();
});
afterEach(stopTestHosts);

const bytes = (s: string) => new TextEncoder().encode(s);

function handshake(node: Libp2p, exchange: StatusExchange): StatusHandshake {
  return new StatusHandshake(new ReqResp(node, { log: new RecordingLogger() }), exchange);
}

async function failure(p: Promise<unknown>): Promise<HandshakeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HandshakeError);
  return err as HandshakeError;
}

describe('StatusHandshake', () => {
  it("fetches the peer's current Status and hands it to the check", async () => {
    let head = 1;
    await handshake(b, { localStatus: () => bytes(`head ${head}`), checkStatus: () => {} }).register();
    const checked: string[] = [];
    const mine = handshake(a, {
      localStatus: () => bytes('unused'),
      checkStatus: (remote, peer) => {
        checked.push(`${peer} ${new TextDecoder().decode(remote)}`);
      },
    });
    expect(await mine.run(b.peerId.toString())).toEqual(bytes('head 1'));
    head = 2;
    expect(await mine.run(b.peerId.toString())).toEqual(bytes('head 2'));
    expect(checked).toEqual([`${b.peerId} head 1`, `${b.peerId} head 2`]);
  });

  it('fails with the reason the check gives', async () => {
    await handshake(b, { localStatus: async () => bytes('chain 5'), checkStatus: () => {} }).register();
    const mine = handshake(a, {
      localStatus: () => bytes('chain 1'),
      checkStatus: async () => {
        throw new Error('genesis mismatch: want 0xd4e5, got 0x1234');
      },
    });
    const err = await failure(mine.run(b.peerId.toString()));
    expect(err.mismatch).toBe(true);
    expect(err.peer).toBe(b.peerId.toString());
    expect(err.reason).toBe('genesis mismatch: want 0xd4e5, got 0x1234');
    expect(err.message).toBe(`handshake with ${b.peerId} failed: genesis mismatch: want 0xd4e5, got 0x1234`);
  });

  it('fails, as no mismatch, when the peer gives no Status', async () => {
    const mine = handshake(a, { localStatus: () => bytes('x'), checkStatus: () => {}, timeoutMs: 500 });
    const err = await failure(mine.run(b.peerId.toString()));
    expect(err.mismatch).toBe(false);
    expect(err.reason).toMatch(/^no status: .*\/tsgeth\/status\/1 request to .* the peer does not support the protocol/);
  });

  it("fails when the peer's Status cannot be made", async () => {
    await handshake(b, {
      localStatus: () => {
        throw new Error('no head block');
      },
      checkStatus: () => {},
    }).register();
    const err = await failure(handshake(a, { localStatus: () => bytes('x'), checkStatus: () => {} }).run(b.peerId.toString()));
    expect(err.mismatch).toBe(false);
    expect(err.reason).toMatch(/failed on the peer: no head block$/);
  });
});
