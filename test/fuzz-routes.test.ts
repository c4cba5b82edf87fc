/**
 * Route fuzzing (part of `npm test`): fast-check, fixed seed, bounded budget, over every route's inputs —
 * path parameters, query strings, JSON, text, form and CSV bodies, and the Content-Type, Authorization,
 * Host and Accept headers — against one seeded server (SQLite in a temporary folder). Most cases go
 * straight to the application (`app.fetch`, no socket); a few hundred go through the real socket, where
 * the duty fast path and Node's own parsing sit in front. Every answer must be below 500, carry the
 * security headers, be problem+json (with where, for input errors) unless a browser asked for a page, and
 * neither the answer nor any log line may carry a stack trace. Inputs that ever crashed a route are
 * replayed from test/corpus/http-routes.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.js';
import {
  checkAnswer,
  EXTRA_OPERATIONS,
  type FuzzRequest,
  operationsOf,
  requestFor,
  STACK,
  type Tokens,
} from './helpers/route-fuzz.js';

/** Cases per suite: the budget that keeps the suite within about 30 s on a 2-core machine. */
const IN_PROCESS_RUNS = 3200;
const SOCKET_RUNS = 300;
const SEED = 20_261_206;

let dir: string;
let server: RunningServer;
let host: string;
let tokens: Tokens;
const lines: string[] = [];
let operations: ReturnType<typeof operationsOf>;
let components: Record<string, never>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-fuzz-routes-'));
  server = await startServer({
    db: join(dir, 'accord.sqlite'),
    port: 0,
    // Limits would turn most cases into 429s; they have their own tests (test/http-edge.test.ts).
    rateLimit: false,
    authFailures: false,
    log: (l) => lines.push(l),
  });
  host = `127.0.0.1:${server.port}`;
  const t = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
  tokens = { government: t['us-gov']!, firm: t.honda!, auditor: t['aud-us']! };
  const doc = (await (
    await server.app.fetch(new Request(`http://${host}/openapi.json`))
  ).json()) as Parameters<typeof operationsOf>[0] & { components?: { schemas?: Record<string, never> } };
  operations = [...operationsOf(doc), ...EXTRA_OPERATIONS];
  components = doc.components?.schemas ?? {};
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Send a request to the application in process. */
async function inProcess(req: FuzzRequest): Promise<{ status: number; headers: Headers; text: string }> {
  const body =
    req.body === undefined ? undefined : req.bodyBase64 ? Buffer.from(req.body, 'base64') : req.body;
  const res = await server.app.fetch(
    new Request(`http://${host}${req.url}`, {
      method: req.method,
      headers: req.headers,
      ...(body !== undefined ? { body } : {}),
    }),
  );
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Send a request through the socket, bytes as given (node:http sends any Host and path). */
function overSocket(req: FuzzRequest): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const body =
      req.body === undefined
        ? undefined
        : req.bodyBase64
          ? Buffer.from(req.body, 'base64')
          : Buffer.from(req.body);
    const r = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: req.method,
        path: req.url,
        headers: {
          ...(req.headers.host === undefined ? { host } : {}),
          ...req.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 0, headers: h, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** Requests Node itself refuses before any route (400 from the HTTP parser) are no concern of the routes. */
function sendable(req: FuzzRequest): boolean {
  const ok = (s: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s);
  return ok(req.url) && Object.values(req.headers).every(ok) && !/[\s]/.test(req.url);
}

/** Log lines from `from` on that carry a stack trace or report a failure of the server. */
function logProblems(from = 0): string[] {
  return lines.slice(from).filter((l) => STACK.test(l) || l.startsWith('error '));
}

const anyRequest = () =>
  fc.constantFrom(...operations).chain((op) => requestFor(op, components, tokens, host));

describe('route fuzzing', () => {
  it(`${IN_PROCESS_RUNS} hostile requests in process: no 5xx, problem+json with where, no stack trace`, async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest(), async (req) => {
        let res: Awaited<ReturnType<typeof inProcess>>;
        try {
          res = await inProcess(req);
        } catch (e) {
          // The Request constructor refuses some header bytes itself; that is the client's limit, not ours.
          if (e instanceof TypeError) return;
          throw e;
        }
        const wrong = checkAnswer(req, res.status, res.headers, res.text);
        if (wrong) throw new Error(`${wrong}: ${res.text.slice(0, 300)}`);
        const logged = logProblems();
        if (logged.length > 0) throw new Error(`log: ${logged[0]!.slice(0, 400)}`);
      }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS, endOnFailure: true },
    );
  }, 120_000);

  it(`${SOCKET_RUNS} hostile requests through the socket (fast path, Host, Node's parser)`, async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest(), async (req) => {
        fc.pre(sendable(req));
        const res = await overSocket(req);
        // Node's HTTP parser answers some malformed requests with a bare 400 before the application.
        if (res.status === 400 && res.text === '') return;
        const wrong = checkAnswer(req, res.status, res.headers, res.text);
        if (wrong) throw new Error(`${wrong}: ${res.text.slice(0, 300)}`);
        const logged = logProblems();
        if (logged.length > 0) throw new Error(`log: ${logged[0]!.slice(0, 400)}`);
      }),
      { seed: SEED + 1, numRuns: SOCKET_RUNS, endOnFailure: true },
    );
  }, 120_000);

  it('covers every route the server registers', () => {
    const templates = operations.map((o) => `${o.path.replace(/\{[^}]+\}/g, ':p')}`);
    const registered = server.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => r.path.replace(/:[^/]+/g, ':p').replace(/\*$/, ':p'));
    const missing = [...new Set(registered)].filter(
      (p) =>
        !templates.includes(p) && !templates.some((t) => t.endsWith(':p') && p.startsWith(t.slice(0, -2))),
    );
    expect(missing).toEqual([]);
  });
});

interface CorpusEntry extends FuzzRequest {
  /** What the input once did (issue, commit or fuzz seed), and what the answer must be now. */
  found: string;
  status?: number;
}

const corpus = JSON.parse(
  readFileSync(fileURLToPath(new URL('./corpus/http-routes.json', import.meta.url)), 'utf8'),
) as CorpusEntry[];

describe('regression corpus: inputs that once crashed a route', () => {
  for (const entry of corpus)
    it(`${entry.method} ${entry.url.slice(0, 80)} (${entry.found})`, async () => {
      const headers = { ...entry.headers };
      // Corpus entries name tokens by role; the seeded server's own token is filled in.
      if (headers.authorization?.startsWith('Bearer $')) {
        const role = headers.authorization.slice('Bearer $'.length) as keyof Tokens;
        headers.authorization = `Bearer ${tokens[role]}`;
      }
      const req = { ...entry, headers };
      const from = lines.length;
      for (const send of [inProcess, overSocket]) {
        const res = await send(req);
        expect(checkAnswer(req, res.status, res.headers, res.text), res.text.slice(0, 300)).toBeUndefined();
        if (entry.status !== undefined) expect(res.status).toBe(entry.status);
      }
      expect(logProblems(from)).toEqual([]);
    });
});
