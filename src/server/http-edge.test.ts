import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  allowedMethods,
  bodyGate,
  CONTENT_SECURITY_POLICY,
  HostAllowList,
  parseAllowedHosts,
  splitHost,
} from './http-edge.js';
import { problemResponse, toProblem } from './problem-response.js';

describe('splitHost', () => {
  it('splits a name, an IPv4 or a bracketed IPv6 address from its port, lowercasing the name', () => {
    expect(splitHost('LocalHost:8080')).toEqual({ name: 'localhost', port: 8080 });
    expect(splitHost('127.0.0.1')).toEqual({ name: '127.0.0.1', port: undefined });
    expect(splitHost('[::1]:443')).toEqual({ name: '[::1]', port: 443 });
  });

  it('refuses what is not a host: spaces, paths, user info, ports beyond 65535', () => {
    for (const bad of ['a b', 'a/b', 'user@host', 'host:99999', '[::1', '', 'host:'])
      expect(splitHost(bad)).toBeUndefined();
  });
});

describe('HostAllowList', () => {
  const list = new HostAllowList({
    host: '127.0.0.1',
    port: 8080,
    extra: ['accord.example', 'b.example:443'],
  });

  it('answers the bound address and the loopback names on its own port', () => {
    for (const h of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080'])
      expect(list.allows(h)).toBe(true);
    expect(list.allows('localhost:8081')).toBe(false);
    // A bare name means port 80.
    expect(list.allows('localhost')).toBe(false);
  });

  it('refuses any other name, so a rebound DNS name cannot reach the dashboard', () => {
    for (const h of [
      'evil.example',
      'evil.example:8080',
      '127.0.0.2:8080',
      'localhost.evil.example:8080',
      'a b',
    ])
      expect(list.allows(h)).toBe(false);
  });

  it('adds --allowed-hosts names: without a port on any port, with a port on that one', () => {
    expect(list.allows('accord.example')).toBe(true);
    expect(list.allows('accord.example:9999')).toBe(true);
    expect(list.allows('b.example:443')).toBe(true);
    expect(list.allows('b.example:8080')).toBe(false);
  });

  it('learns the port when it was 0 until listening; a request without Host cannot come from a browser', () => {
    const l = new HostAllowList({ host: '127.0.0.1', port: 0 });
    l.setPort(4321);
    expect(l.allows('127.0.0.1:4321')).toBe(true);
    expect(l.allows(undefined)).toBe(true);
  });

  it('turns the check off only when told to with *', () => {
    expect(new HostAllowList({ host: '127.0.0.1', port: 1, extra: ['*'] }).allows('anything.example')).toBe(
      true,
    );
  });
});

describe('parseAllowedHosts', () => {
  it('splits on commas and names the entries that are not hosts', () => {
    expect(parseAllowedHosts('a.example, b.example:8443,,*')).toEqual({
      hosts: ['a.example', 'b.example:8443', '*'],
      bad: [],
    });
    expect(parseAllowedHosts('a b,c/d').bad).toEqual(['a b', 'c/d']);
  });
});

describe('allowedMethods', () => {
  it('lists the methods registered on a path (HEAD with GET), not those of middleware', () => {
    const app = new Hono();
    app.use('*', async (_c, next) => next());
    app.get('/a/:id', (c) => c.text('a'));
    app.post('/a/:id', (c) => c.text('a'));
    app.post('/b', (c) => c.text('b'));
    const on = allowedMethods(() => app.routes);
    expect(on('/a/7')).toEqual(['GET', 'HEAD', 'POST']);
    expect(on('/b')).toEqual(['POST']);
    expect(on('/c')).toEqual([]);
  });
});

describe('bodyGate', () => {
  const app = new Hono();
  app.post('/json', bodyGate({ types: ['application/json'], required: false }), async (c) =>
    c.json(await c.req.json()),
  );
  app.post('/raw', bodyGate({ types: ['application/json'], required: true }), async (c) =>
    c.text(Buffer.from(await c.req.arrayBuffer()).toString('hex')),
  );
  app.onError((e) => problemResponse(toProblem(e)));
  const post = (path: string, body: string | Uint8Array | undefined, type?: string) =>
    app.request(path, {
      method: 'POST',
      ...(body !== undefined ? { body } : {}),
      headers: type ? { 'content-type': type } : {},
    });

  it('says where broken JSON stops (line and column), with the body as the pointer', async () => {
    const r = await post('/json', '{"a": 1,\n  "b": }', 'application/json');
    expect(r.status).toBe(400);
    const p = (await r.json()) as { code: string; problems: { where: unknown }[] };
    expect(p.code).toBe('body-not-json');
    expect(p.problems[0]?.where).toEqual({ file: 'body', line: 2, column: 9, pointer: '' });
  });

  it('is 415 for a media type the route does not read, 400 for an empty JSON body', async () => {
    expect((await post('/json', '{}', 'text/plain')).status).toBe(415);
    expect((await post('/json', '', 'application/json')).status).toBe(400);
    expect((await post('/raw', undefined)).status).toBe(400);
  });

  it('gives an optional body its defaults when none is sent', async () => {
    const r = await post('/json', undefined);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({});
  });

  it('hands the route the exact bytes it checked (a byte-order mark included)', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    const r = await post('/raw', bytes, 'application/json; charset=utf-8');
    expect(await r.text()).toBe('efbbbf7b7d');
  });
});

describe('the Content-Security-Policy', () => {
  it('allows scripts from this server only, and no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
  });
});
