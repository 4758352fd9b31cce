// Where a server ended up listening (port 0 resolves to the port the system picked), in the forms logs and URLs use.

export interface BoundAddress {
  host: string;
  port: number;
}

/** "127.0.0.1:8545", or "[::1]:8545" for an IPv6 address. */
export function formatHostPort(address: BoundAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
