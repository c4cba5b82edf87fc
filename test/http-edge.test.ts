/**
 * The HTTP edge as an attacker meets it (issue 12), against real servers: in-process on loopback, and the
 * real `accord serve` as a process (workers, --allowed-hosts, state per store). Authentication before body
 * validation; body-parsing errors as 400/415 problems with where, never a 500 or a logged stack; 405 with
 * Allow; limits on failed authentication and on pages, shared by the workers of one server; security
 * headers and a Content-Security-Policy that chromium enforces; the Host allow-list (421); each store's own
 * state and demo secrets; a PostgreSQL URL without a user.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.js';
import { accord, ROOT } from './helpers/cli.js';
import { dropSchema, freePort, PG_URL, pgReachable, serve } from './helpers/serve.js';

const STACK = /\n\s*at \S[^\n]*:\d+:\d+/;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => {
    code: string;
    status: number;
    detail: string;
    problems: { code: string; where?: { file?: string; pointer?: string; line?: number } }[];
  };
}

/** One request on a new connection, with any Host and method (node:http sends what it is given). */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
  /** The local address to connect from: another loopback address is another client. */
  from?: string,
): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        agent: false,
        ...(from ? { localAddress: from } : {}),
        headers: {
          ...headers,
          ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }),
        );
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('one in-process server', () => {
  let dir: string;
  let server: RunningServer;
  let tokens: Record<string, string>;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-edge-'));
    server = await startServer({
      db: join(dir, 'accord.sqlite'),
      port: 0,
      rateLimit: false,
      log: (l) => lines.push(l),
    });
    tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8'));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

  describe('authentication and authorization come before the body', () => {
    it('an anonymous POST {} to /api/ledger/statements or /api/accounts is 401, not the schema’s field list', async () => {
      for (const path of ['/api/ledger/statements', '/api/accounts']) {
        const r = await send(server.url, 'POST', path, JSON_TYPE, '{}');
        expect(r.status, path).toBe(401);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.headers['www-authenticate']).toContain('Bearer');
        expect(r.json().code).toBe('unauthorized');
        expect(r.json().problems).toEqual([
          expect.objectContaining({ where: { file: 'header', pointer: '/authorization' } }),
        ]);
      }
    });

    it('a session whose role may not create accounts gets 403 before its body is read', async () => {
      const r = await send(server.url, 'POST', '/api/accounts', { ...JSON_TYPE, ...auth('honda') }, '{');
      expect(r.status).toBe(403);
      expect(r.json().code).toBe('role-forbidden');
    });

    it('an anonymous oversized statement is 401, not 413', async () => {
      const r = await send(
        server.url,
        'POST',
        '/api/ledger/statements',
        JSON_TYPE,
        JSON.stringify({ x: 'y'.repeat(200_000) }),
      );
      expect(r.status).toBe(401);
    });
  });

  describe('a body that cannot be read is a 400 or 415 problem with where, never a 500', () => {
    const routes = [
      { path: '/api/simulations', who: undefined },
      { path: '/api/negotiations/us-japan/runs', who: undefined },
      { path: '/api/accounts', who: 'us-gov' },
      { path: '/api/ledger/statements', who: 'honda' },
    ];
    for (const { path, who } of routes) {
      it(`${path}: broken JSON, an empty body, a wrong content type`, async () => {
        const from = lines.length;
        const h = who ? auth(who) : {};
        const broken = await send(server.url, 'POST', path, { ...JSON_TYPE, ...h }, '{"a": 1,\n "b": ');
        expect(broken.status).toBe(400);
        expect(broken.headers['content-type']).toContain('application/problem+json');
        expect(broken.json().code).toBe('body-not-json');
        expect(broken.json().problems[0]?.where).toMatchObject({ file: 'body', pointer: '', line: 2 });

        const empty = await send(server.url, 'POST', path, { ...JSON_TYPE, ...h }, '');
        expect(empty.status).toBe(400);
        expect(empty.json().problems[0]?.where?.pointer).toBe('');

        const wrong = await send(server.url, 'POST', path, { 'content-type': 'text/plain', ...h }, '{}');
        expect(wrong.status).toBe(415);
        expect(wrong.json().code).toBe('content-type-unsupported');
        expect(wrong.json().problems[0]?.where).toEqual({ file: 'header', pointer: '/content-type' });

        const notUtf8 = await send(
          server.url,
          'POST',
          path,
          { ...JSON_TYPE, ...h },
          Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
        );
        expect(notUtf8.status).toBe(400);
        expect(notUtf8.json().code).toBe('body-not-utf8');

        for (const r of [broken, empty, wrong, notUtf8]) expect(r.text).not.toMatch(STACK);
        expect(lines.slice(from).filter((l) => STACK.test(l) || l.startsWith('error '))).toEqual([]);
      });
    }

    it('a simulation with no body at all runs with the defaults (it was a 500)', async () => {
      const r = await send(server.url, 'POST', '/api/simulations', {});
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toContain('application/json');
    }, 30_000);

    it('cosignature lines sent as JSON are 415; a dashboard form sent as JSON is 415', async () => {
      const cos = await send(
        server.url,
        'POST',
        '/api/ledger/checkpoints/58/cosignatures',
        { ...JSON_TYPE, ...auth('us-gov') },
        '{}',
      );
      expect(cos.status).toBe(415);
      const form = await send(server.url, 'POST', '/simulate/run', JSON_TYPE, '{"runs": 5}');
      expect(form.status).toBe(415);
      expect(form.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('a wrong method is 405 with Allow; every machine path answers problem+json', () => {
    it.each([
      ['DELETE', '/api/ledger', 'GET, HEAD'],
      ['PUT', '/openapi.json', 'GET, HEAD'],
      ['POST', '/api/duty', 'GET, HEAD'],
      ['GET', '/api/simulations', 'POST'],
      ['PATCH', '/api/agreements/us-japan-milestones', 'GET, HEAD'],
      ['PUT', '/static/htmx.min.js', 'GET, HEAD'],
    ])('%s %s', async (method, path, allow) => {
      const r = await send(server.url, method, path, { accept: 'text/html' });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe(allow);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });
    });

    it('a page with the wrong method: a page for a browser, problem+json for a program', async () => {
      const browser = await send(server.url, 'PUT', '/timeline', { accept: 'text/html,*/*' });
      expect(browser.status).toBe(405);
      expect(browser.headers.allow).toBe('GET, HEAD');
      expect(browser.headers['content-type']).toContain('text/html');
      const program = await send(server.url, 'PUT', '/timeline');
      expect(program.status).toBe(405);
      expect(program.headers['content-type']).toContain('application/problem+json');
      const missing = await send(server.url, 'GET', '/no/such/page');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('browser protections on every response', () => {
    it('pages, API answers, static files, errors and the duty fast path all carry them', async () => {
      const duty = '/api/duty?hts=8703.23.01&origin=JP&date=2025-10-01&value=40000';
      await send(server.url, 'GET', duty);
      const answers = await Promise.all(
        [
          ['GET', '/'],
          ['GET', '/assess'],
          ['GET', '/api/ledger'],
          ['GET', duty], // remembered: answered by the fast path
          ['GET', '/static/assess.js'],
          ['GET', '/openapi.json'],
          ['GET', '/api/no/such'],
          ['DELETE', '/api/ledger'],
          ['POST', '/api/simulations'],
        ].map(([m, p]) =>
          send(server.url, m!, p!, m === 'POST' ? JSON_TYPE : {}, m === 'POST' ? '{' : undefined),
        ),
      );
      for (const r of answers) {
        const csp = String(r.headers['content-security-policy']);
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toMatch(/script-src[^;]*unsafe/);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("base-uri 'none'");
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        expect(r.headers['x-frame-options']).toBe('DENY');
        expect(r.headers['referrer-policy']).toBe('no-referrer');
      }
    });

    it('no page carries an inline script; the bulk-assessment script is a static file', async () => {
      for (const path of [
        '/',
        '/timeline',
        '/milestones',
        '/ledger',
        '/ledger/entries/12',
        '/duty',
        '/assess',
        '/simulate',
        '/negotiation',
        '/docs',
      ]) {
        const html = (await send(server.url, 'GET', path)).text;
        expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), path).toBeNull();
        expect(html, path).not.toMatch(/\son[a-z]+=/);
      }
      const page = (await send(server.url, 'GET', '/assess')).text;
      expect(page).toContain('<script src="/static/assess.js"></script>');
      const js = await send(server.url, 'GET', '/static/assess.js');
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toContain('text/javascript');
    });
  });

  describe('the Host allow-list (DNS rebinding)', () => {
    it('answers 421 problem+json to a Host that is not this server, on pages, the API and the fast path', async () => {
      const duty = '/api/duty?hts=8703.23.01&origin=JP&date=2025-10-01&value=41000';
      expect((await send(server.url, 'GET', duty)).status).toBe(200);
      for (const path of ['/', '/api/ledger', duty, '/static/htmx.min.js']) {
        for (const host of ['evil.example', `evil.example:${server.port}`, `localhost:${server.port + 1}`]) {
          const r = await send(server.url, 'GET', path, { host });
          expect(r.status, `${host} ${path}`).toBe(421);
          expect(r.headers['content-type']).toContain('application/problem+json');
          expect(r.json().problems[0]?.where).toEqual({ file: 'header', pointer: '/host' });
        }
      }
    });

    it('answers the bound address and the loopback names on its port', async () => {
      for (const host of [
        `127.0.0.1:${server.port}`,
        `localhost:${server.port}`,
        `LOCALHOST:${server.port}`,
        `[::1]:${server.port}`,
      ])
        expect((await send(server.url, 'GET', '/api/ledger', { host })).status, host).toBe(200);
    });
  });

  describe('limits', () => {
    it('300 invalid bearer tokens from one client: 10 get 401, the rest 429 with Retry-After', async () => {
      const statuses: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i < 300; i++) {
        last = await send(server.url, 'GET', '/api/ledger', { authorization: `Bearer acc_guess-${i}` });
        statuses.push(last.status);
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(290);
      expect(last!.headers['retry-after']).toMatch(/^\d+$/);
      expect(last!.json().code).toBe('auth-rate-limited');
      // While blocked even a right token is not checked: no answer tells a guesser it was right.
      expect((await send(server.url, 'GET', '/api/ledger', auth('us-gov'))).status).toBe(429);
      // Reading without a token is still open.
      expect((await send(server.url, 'GET', '/api/ledger')).status).toBe(200);
    });
  });
});

describe('stopping', () => {
  it('ends even while a client holds a connection with a request it never finishes', async () => {
    const d = mkdtempSync(join(tmpdir(), 'accord-edge-stop-'));
    const s = await startServer({ db: join(d, 'a.sqlite'), port: 0, rateLimit: false });
    const socket = connect(s.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Headers without their closing blank line: the server waits for the rest (up to its headersTimeout, 66 s).
    socket.write('GET /timeline HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    try {
      await s.close();
      await ended;
    } finally {
      socket.destroy();
      rmSync(d, { recursive: true, force: true });
    }
    // Without the cut after a grace period, close() waited for that connection and a stop hung past the test's limit.
  }, 30_000);
});

describe('rate limits on pages and static files', () => {
  it('a client over its limit gets 429 on pages too (a page for a browser), and the fast path keeps the limit', async () => {
    const d = mkdtempSync(join(tmpdir(), 'accord-edge-rate-'));
    const s = await startServer({
      db: join(d, 'a.sqlite'),
      port: 0,
      rateLimit: { perSecond: 0.01, burst: 3 },
    });
    try {
      const pages = [];
      for (let i = 0; i < 4; i++) pages.push(await send(s.url, 'GET', '/timeline', { accept: 'text/html' }));
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 429]);
      expect(pages[3]!.headers['retry-after']).toMatch(/^\d+$/);
      expect(pages[3]!.headers['content-type']).toContain('text/html');
      expect((await send(s.url, 'GET', '/static/verify.js')).status).toBe(429);
    } finally {
      await s.close();
      rmSync(d, { recursive: true, force: true });
    }
    const d2 = mkdtempSync(join(tmpdir(), 'accord-edge-rate-'));
    const s2 = await startServer({
      db: join(d2, 'a.sqlite'),
      port: 0,
      rateLimit: { perSecond: 0.01, burst: 3 },
    });
    try {
      const duty = '/api/duty?hts=8703.23.01&origin=JP&date=2025-10-01&value=40000';
      // The first answer is remembered; the next two come from the fast path; the fourth is over the limit.
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(s2.url, 'GET', duty)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await s2.close();
      rmSync(d2, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('accord serve --workers 2: limits hold for the whole server', () => {
  let dir: string;
  let served: Awaited<ReturnType<typeof serve>>;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-edge-workers-'));
    port = await freePort();
    // One server for these tests; each test is another client (another loopback address).
    served = await serve(port, [
      '--db',
      join(dir, 'a.sqlite'),
      '--workers',
      '2',
      '--rate-limit',
      '2',
      '--allowed-hosts',
      'accord.example,b.example:443',
    ]);
  }, 90_000);
  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('failed authentications are counted once for both workers', async () => {
    const statuses: number[] = [];
    // A new connection per request, so the primary hands them to both workers in turn.
    for (let i = 0; i < 30; i++)
      statuses.push(
        (
          await send(
            served.base,
            'GET',
            '/api/ledger',
            { authorization: `Bearer acc_w${i}` },
            undefined,
            '127.0.0.3',
          )
        ).status,
      );
    expect(statuses.filter((x) => x === 401)).toHaveLength(10);
    expect(statuses.filter((x) => x === 429)).toHaveLength(20);
  });

  it('the request rate is shared among the workers, not multiplied by them', async () => {
    // --rate-limit 2 allows a client a burst of 4 from the server; a limit per worker would allow 4 each.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await send(served.base, 'GET', '/api/ledger', {}, undefined, '127.0.0.4')).status);
    expect(statuses.filter((x) => x === 200).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(3);
  });

  it('--allowed-hosts adds names; others get 421; a bad name is a usage error', async () => {
    const at = (host: string) => send(served.base, 'GET', '/api/ledger', { host }, undefined, '127.0.0.5');
    expect((await at(`accord.example:${port}`)).status).toBe(200);
    expect((await at('accord.example')).status).toBe(200);
    expect((await at('b.example:443')).status).toBe(200);
    expect((await at(`b.example:${port}`)).status).toBe(421);
    expect((await at('evil.example')).status).toBe(421);
    const bad = accord(['serve', '--db', join(dir, 'd.sqlite'), '--port', '0', '--allowed-hosts', 'a b,c/d']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--allowed-hosts');
    expect(bad.stderr).not.toMatch(STACK);
  }, 30_000);
});

describe('the dashboard under its Content-Security-Policy in chromium', () => {
  const CHROMIUM = '/usr/bin/chromium';
  it.skipIf(!existsSync(CHROMIUM))(
    'refuses an injected inline script and being framed',
    async () => {
      const d = mkdtempSync(join(tmpdir(), 'accord-edge-csp-'));
      const s = await startServer({ db: join(d, 'a.sqlite'), port: 0, rateLimit: false });
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(new URL('/assess', s.url).toString());
        // In the page (a string, since this file is compiled without the DOM's types).
        const ran = await page.evaluate(`new Promise((resolve) => {
        let violation = '';
        document.addEventListener('securitypolicyviolation', (e) => { violation = e.violatedDirective; });
        const el = document.createElement('script');
        el.textContent = 'window.__injected = true';
        document.body.append(el);
        setTimeout(() => resolve({ ran: window.__injected === true, violation }), 200);
      })`);
        expect(ran).toEqual({ ran: false, violation: expect.stringMatching(/^script-src/) });
        // Framed by another origin (here: a data: page), the dashboard does not render.
        const framer = await browser.newPage();
        await framer.setContent(`<iframe src="${new URL('/', s.url)}"></iframe>`);
        await framer.waitForTimeout(500);
        const frame = framer.frames()[1];
        const framed = frame ? await frame.evaluate('document.title').catch(() => '') : '';
        expect(framed).not.toContain('accord');
      } finally {
        await browser.close();
        await s.close();
        rmSync(d, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

// ---- state per store

const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const ENTRY = join(ROOT, 'src/cli/entry.ts');

/** `accord serve …` in `cwd` until it says it serves; returns the process. */
async function serveIn(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, ['--import', TSX, ENTRY, 'serve', '--quiet', ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  for (let i = 0; i < 600 && !out.includes('accord is serving') && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  if (!out.includes('accord is serving')) {
    child.kill('SIGKILL');
    throw new Error(`accord serve did not start:\n${out}`);
  }
  return {
    child,
    // Everything printed so far (complete once the process has exited).
    get out() {
      return out;
    },
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

describe('each store keeps its own state', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'accord-edge-state-'));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const secrets = (dir: string) => ({
    tokens: readFileSync(join(dir, 'tokens.json'), 'utf8'),
    honda: readFileSync(join(dir, 'keys', 'honda.key'), 'utf8'),
  });

  it('a second store seeded beside the first writes its secrets elsewhere; the first still accepts its tokens', async () => {
    const port = await freePort();
    const a = await serveIn(cwd, ['--db', 'x/a.sqlite', '--port', String(port), '--rate-limit', '0']);
    await stop(a.child);
    const before = secrets(join(cwd, 'x'));
    const b = await serveIn(cwd, ['--db', 'x/b.sqlite', '--port', String(port), '--rate-limit', '0']);
    await stop(b.child);
    expect(b.out).toContain(join('x', 'b.secrets', 'tokens.json'));
    expect(secrets(join(cwd, 'x'))).toEqual(before);
    expect(secrets(join(cwd, 'x', 'b.secrets')).tokens).not.toEqual(before.tokens);
    // The first store's server still answers to its own demo token.
    const again = await serveIn(cwd, ['--db', 'x/a.sqlite', '--port', String(port), '--rate-limit', '0']);
    try {
      const gov = JSON.parse(before.tokens)['us-gov'] as string;
      const r = await send(`http://127.0.0.1:${port}`, 'POST', '/api/ledger/checkpoints', {
        authorization: `Bearer ${gov}`,
      });
      expect(r.status).toBe(201);
    } finally {
      await stop(again.child);
    }
  }, 120_000);

  it("a store started with another store's state is refused", () => {
    // Before this was refused the server started and kept running: the timeout ends it.
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        TSX,
        ENTRY,
        'serve',
        '--db',
        join(cwd, 'x', 'b.sqlite'),
        '--state',
        join(cwd, 'x', 'a.server.json'),
        '--port',
        '0',
      ],
      { cwd, encoding: 'utf8', timeout: 30_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('a.server.json belongs to another store');
    expect(r.stderr).not.toMatch(STACK);
  }, 60_000);

  it('a PostgreSQL URL without a user gets a problem that shows how to name one', () => {
    const r = accord(
      ['serve', '--db', 'postgres://127.0.0.1:5432/test?schema=accord_no_user', '--port', '0'],
      {
        env: { USER: '', PGUSER: '', USERNAME: '' },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('postgres://USER@HOST/DB');
    expect(r.stderr).toContain('postgres://postgres@127.0.0.1:5432/test');
    expect(r.stderr).not.toMatch(STACK);
  }, 60_000);
});

const pgUp = await pgReachable();
describe.skipIf(!pgUp)('seeding PostgreSQL beside the SQLite demo (.accord/)', () => {
  const schema = `accord_edge_state_${process.pid}`;
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), 'accord-edge-pg-'));
  });
  afterAll(async () => {
    rmSync(cwd, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it("leaves the SQLite demo's tokens and keys alone; the SQLite server still accepts its demo tokens", async () => {
    const port = await freePort();
    const sqlite = await serveIn(cwd, ['--port', String(port), '--rate-limit', '0']);
    await stop(sqlite.child);
    const tokens = readFileSync(join(cwd, '.accord', 'tokens.json'), 'utf8');
    const honda = readFileSync(join(cwd, '.accord', 'keys', 'honda.key'), 'utf8');
    const pgServer = await serveIn(cwd, [
      '--db',
      `${PG_URL}?schema=${schema}`,
      '--port',
      String(port),
      '--rate-limit',
      '0',
    ]);
    await stop(pgServer.child);
    expect(readFileSync(join(cwd, '.accord', 'tokens.json'), 'utf8')).toBe(tokens);
    expect(readFileSync(join(cwd, '.accord', 'keys', 'honda.key'), 'utf8')).toBe(honda);
    const pgDir = join(cwd, '.accord', `postgres-127.0.0.1-5432-test-${schema}`);
    expect(existsSync(join(pgDir, 'server.json'))).toBe(true);
    expect(readFileSync(join(pgDir, 'tokens.json'), 'utf8')).not.toBe(tokens);
    const again = await serveIn(cwd, ['--port', String(port), '--rate-limit', '0']);
    try {
      const gov = JSON.parse(tokens)['us-gov'] as string;
      const r = await send(`http://127.0.0.1:${port}`, 'POST', '/api/ledger/checkpoints', {
        authorization: `Bearer ${gov}`,
      });
      expect(r.status).toBe(201);
    } finally {
      await stop(again.child);
    }
  }, 180_000);
});
