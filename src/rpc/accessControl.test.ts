import { describe, expect, it } from 'vitest';
import { corsAllowOrigin, hostAllowed, wsOriginAllowed } from './accessControl.js';

describe('CORS origins (--http.corsdomain)', () => {
  it('answers only listed origins, echoing them', () => {
    const list = ['https://app.example', 'http://localhost:3000'];
    expect(corsAllowOrigin('https://app.example', list)).toBe('https://app.example');
    expect(corsAllowOrigin('HTTPS://APP.EXAMPLE', list)).toBe('HTTPS://APP.EXAMPLE');
    expect(corsAllowOrigin('http://localhost:3000', list)).toBe('http://localhost:3000');
    expect(corsAllowOrigin('https://evil.example', list)).toBeUndefined();
    expect(corsAllowOrigin('http://localhost:3001', list)).toBeUndefined();
    expect(corsAllowOrigin(undefined, list)).toBeUndefined();
  });

  it('nothing without a list, everything with "*", patterns with one wildcard', () => {
    expect(corsAllowOrigin('https://app.example', [])).toBeUndefined();
    expect(corsAllowOrigin('https://any.example', ['*'])).toBe('*');
    expect(corsAllowOrigin('https://a.example.org', ['https://*.example.org'])).toBe('https://a.example.org');
    expect(corsAllowOrigin('http://a.example.org', ['https://*.example.org'])).toBeUndefined();
  });
});

describe('virtual hosts (--http.vhosts)', () => {
  it('accepts listed names, case-insensitively, with or without port', () => {
    expect(hostAllowed('localhost:8545', ['localhost'])).toBe(true);
    expect(hostAllowed('LOCALHOST', ['localhost'])).toBe(true);
    expect(hostAllowed('node.example:8545', ['node.example'])).toBe(true);
    expect(hostAllowed('evil.example:8545', ['localhost'])).toBe(false);
    expect(hostAllowed('evil.example', ['*'])).toBe(true);
  });

  it('always accepts IP addresses and requests without a Host', () => {
    expect(hostAllowed('127.0.0.1:8545', ['localhost'])).toBe(true);
    expect(hostAllowed('[::1]:8545', ['localhost'])).toBe(true);
    expect(hostAllowed('::1', ['localhost'])).toBe(true);
    expect(hostAllowed(undefined, [])).toBe(true);
    // Not an address: a name that merely looks numeric is checked like any name.
    expect(hostAllowed('999.1.1.1', ['localhost'])).toBe(false);
  });
});

describe('WebSocket origins (--ws.origins)', () => {
  it('lets non-browser clients (no Origin) through', () => {
    expect(wsOriginAllowed(undefined, [], 'box')).toBe(true);
  });

  it('defaults to localhost and this machine', () => {
    expect(wsOriginAllowed('http://localhost', [], 'box')).toBe(true);
    expect(wsOriginAllowed('http://box', [], 'box')).toBe(true);
    expect(wsOriginAllowed('http://evil.example', [], 'box')).toBe(false);
  });

  it('matches scheme, host and port where the entry gives them', () => {
    const list = ['app.example', 'https://secure.example:8443'];
    expect(wsOriginAllowed('http://app.example', list, 'box')).toBe(true);
    expect(wsOriginAllowed('https://app.example:1234', list, 'box')).toBe(true);
    expect(wsOriginAllowed('https://secure.example:8443', list, 'box')).toBe(true);
    expect(wsOriginAllowed('http://secure.example:8443', list, 'box')).toBe(false);
    expect(wsOriginAllowed('https://secure.example', list, 'box')).toBe(false);
    expect(wsOriginAllowed('not a url at all', list, 'box')).toBe(false);
    expect(wsOriginAllowed('http://anything', ['*'], 'box')).toBe(true);
  });
});
