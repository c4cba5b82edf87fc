import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DutyFastPath } from './duty-fast-path.js';
import { HostAllowList, SECURITY_HEADERS } from './http-edge.js';
import { RateLimiter } from './rate-limit.js';

function request(url: string, headers: Record<string, string> = {}, method = 'GET'): IncomingMessage {
  return { method, url, headers, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
}
function response() {
  const out: { status?: number; headers?: Record<string, string>; body?: Buffer } = {};
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      out.status = status;
      out.headers = headers;
    },
    end(body: Buffer) {
      out.body = body;
    },
  } as unknown as ServerResponse;
  return { res, out };
}

describe('DutyFastPath', () => {
  const url = '/api/duty?hts=8703.23.01&origin=JP&date=2025-10-01&value=40000';

  it('serves a remembered URL with its bytes, content type and length, and logs the path only', () => {
    const lines: string[] = [];
    const f = new DutyFastPath({ dutyDependency: () => 0 }, { log: (l) => lines.push(l) });
    f.remember(url, undefined, '{"duty":"é"}');
    const { res, out } = response();
    expect(f.handle(request(url), res)).toBe(true);
    expect(out.status).toBe(200);
    expect(out.body?.toString('utf8')).toBe('{"duty":"é"}');
    expect(out.headers).toEqual({
      ...SECURITY_HEADERS,
      'content-type': 'application/json',
      'content-length': '13',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GET \/api\/duty 200 [\d.]+ms -$/);
  });

  it('hands unknown URLs, other methods and requests with a token to the application', () => {
    const f = new DutyFastPath({ dutyDependency: () => 0 });
    f.remember(url, undefined, '{}');
    expect(f.handle(request(`${url}&x=1`), response().res)).toBe(false);
    expect(f.handle(request(url, {}, 'POST'), response().res)).toBe(false);
    expect(f.handle(request(url, { authorization: 'Bearer nope' }), response().res)).toBe(false);
  });

  it('forgets an overlay answer once the log it depends on has grown', () => {
    let size = 5;
    const f = new DutyFastPath({ dutyDependency: (o) => (o ? size : 0) });
    f.remember(`${url}&overlay=x`, 'x', '{}');
    expect(f.lookup(`${url}&overlay=x`)).toBeDefined();
    size = 6;
    expect(f.lookup(`${url}&overlay=x`)).toBeUndefined();
    expect(f.handle(request(`${url}&overlay=x`), response().res)).toBe(false);
  });

  it('hands a request to the application when its overlay can no longer be looked up', () => {
    let served = true;
    const f = new DutyFastPath({
      dutyDependency: (o) => {
        if (o && !served) throw new Error(`no agreement ${o}`);
        return 0;
      },
    });
    f.remember(`${url}&overlay=x`, 'x', '{}');
    served = false;
    expect(f.handle(request(`${url}&overlay=x`), response().res)).toBe(false);
  });

  it('leaves a request for a Host not on the allow-list to the application (which answers 421)', () => {
    const f = new DutyFastPath(
      { dutyDependency: () => 0 },
      { hosts: new HostAllowList({ host: '127.0.0.1', port: 8080 }) },
    );
    f.remember(url, undefined, '{}');
    expect(f.handle(request(url, { host: 'evil.example:8080' }), response().res)).toBe(false);
    expect(f.handle(request(url, { host: '127.0.0.1:8080' }), response().res)).toBe(true);
  });

  it('leaves a client over its rate limit to the application (which answers 429)', () => {
    const f = new DutyFastPath(
      { dutyDependency: () => 0 },
      { limiter: new RateLimiter({ perSecond: 1, burst: 2, now: () => 0 }) },
    );
    f.remember(url, undefined, '{}');
    expect(f.handle(request(url), response().res)).toBe(true);
    expect(f.handle(request(url), response().res)).toBe(true);
    expect(f.handle(request(url), response().res)).toBe(false);
  });
});
