// Which browsers and host names may talk to the servers, as geth's flags decide it: --http.corsdomain (the origins
// that get CORS headers), --http.vhosts (the Host names HTTP requests may carry, against DNS rebinding) and
// --ws.origins (the origins a WebSocket handshake may come from).

/** Wildcard entry: every origin, every host. */
const ANY = '*';

/**
 * The Access-Control-Allow-Origin value for a request from `origin`, or undefined when that origin is not listed.
 * Entries are origins ("https://app.example"), "*" for all, or patterns with one "*" ("https://*.example").
 */
export function corsAllowOrigin(origin: string | undefined, allowed: readonly string[]): string | undefined {
  if (origin === undefined || allowed.length === 0) return undefined;
  const o = origin.toLowerCase();
  for (const entry of allowed) {
    const e = entry.toLowerCase();
    if (e === ANY) return ANY;
    if (e === o || matchesPattern(e, o)) return origin;
  }
  return undefined;
}

function matchesPattern(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return false;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return value.length >= prefix.length + suffix.length && value.startsWith(prefix) && value.endsWith(suffix);
}

/**
 * Whether an HTTP request's Host header passes --http.vhosts. Requests by IP address and requests without a Host
 * are always served (the check is against DNS rebinding, which needs a name); names compare case-insensitively.
 */
export function hostAllowed(hostHeader: string | undefined, vhosts: readonly string[]): boolean {
  if (hostHeader === undefined || hostHeader === '') return true;
  const host = stripPort(hostHeader).toLowerCase();
  if (isIpAddress(host)) return true;
  return vhosts.some((v) => v === ANY || v.toLowerCase() === host);
}

function stripPort(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    return end < 0 ? hostHeader : hostHeader.slice(1, end);
  }
  const colon = hostHeader.lastIndexOf(':');
  // More than one colon without brackets: a bare IPv6 address, which carries no port.
  if (colon < 0 || hostHeader.indexOf(':') !== colon) return hostHeader;
  return hostHeader.slice(0, colon);
}

function isIpAddress(host: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split('.').every((p) => Number(p) <= 255);
  return host.includes(':') && /^[0-9a-f:.]+$/.test(host);
}

interface OriginParts {
  scheme: string;
  host: string;
  port: string;
}

/** "scheme://host:port" with scheme and port optional (an allow-list entry may leave them out). */
function parseOrigin(s: string): OriginParts | undefined {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^:/]*)(?::(\d+))?\/?$/.exec(s.trim().toLowerCase());
  if (m === null) return undefined;
  return { scheme: m[1] ?? '', host: m[2] ?? '', port: m[3] ?? '' };
}

/**
 * Whether a WebSocket handshake with this Origin header passes --ws.origins. Without an Origin (not a browser)
 * it always does. An empty list allows http://localhost and http://<this host's name>, as geth; entries may omit
 * the scheme or the port, which then match any.
 */
export function wsOriginAllowed(origin: string | undefined, allowed: readonly string[], hostname: string): boolean {
  if (origin === undefined) return true;
  const list = allowed.length > 0 ? allowed : ['http://localhost', `http://${hostname}`];
  if (list.includes(ANY)) return true;
  const got = parseOrigin(origin);
  if (got === undefined) return false;
  return list.some((entry) => {
    const want = parseOrigin(entry);
    if (want === undefined) return false;
    return (
      (want.scheme === '' || want.scheme === got.scheme) &&
      (want.host === '' || want.host === got.host) &&
      (want.port === '' || want.port === got.port)
    );
  });
}
