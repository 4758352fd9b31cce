// Where a server ended up listening (port 0 resolves to the port the system picked), in the forms logs and URLs use.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BoundAddress {
  host: string;
  port: number;
}

/** "127.0.0.1:8545", or "[::1]:8545" for an IPv6 address. */
export function formatHostPort(address: BoundAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** Listens on host:port and resolves with the bound address; rejects when it cannot bind (e.g. the port is taken). */
export async function listen(server: Server, port: number, host: string): Promise<BoundAddress> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const info = server.address() as AddressInfo;
  return { host: info.address, port: info.port };
}
