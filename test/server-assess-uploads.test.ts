/**
 * Bulk-assessment uploads against a real server (`accord serve` as a process, and one in-process server
 * whose clock the test moves): the limits of anonymous and signed-in clients, each stated in the problem that
 * enforces it and on the page; lines assessed while the upload is still arriving (progress read from the
 * server); the results streamed from disk; and their expiry.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.js';
import { demoSecrets, freePort, type Served, serve } from './helpers/serve.js';

const MiB = 1024 * 1024;
const HEADER = 'entry_id,line,importer,hts,origin,entry_date,value\n';
const line = (i: number) => `E${i},1,IMP${i % 50},8703.23.01,JP,2025-10-01,${40000 + (i % 1000)}\n`;
/** n entry lines (one line per entry) after the header. */
const csv = (n: number, from = 0) => {
  let s = '';
  for (let i = from; i < from + n; i++) s += line(i);
  return s;
};

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes
  json: any;
  text: string;
}

/** An HTTP request whose body the caller writes (or not) while the answer may already come. */
function open(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  localAddress?: string,
) {
  const url = new URL(path, base);
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    method,
    headers,
    ...(localAddress ? { localAddress } : {}),
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
  });
  // Writing after the server has answered and closed may fail, and a request the test drops never gets
  // an answer; what the test awaits is what it reads.
  req.on('error', () => {});
  answer.catch(() => {});
  return { req, answer };
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string | number> = {},
  localAddress?: string,
): Promise<Answer> {
  const h = body === undefined ? headers : { 'content-length': Buffer.byteLength(body), ...headers };
  const { req, answer } = open(base, method, path, h, localAddress);
  req.end(body);
  return answer;
}

const newJob = (base: string, body: object, headers: Record<string, string> = {}, localAddress?: string) =>
  call(
    base,
    'POST',
    '/api/assessments/jobs',
    JSON.stringify(body),
    { 'content-type': 'application/json', ...headers },
    localAddress,
  );

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('bulk-assessment uploads on `accord serve`', () => {
  let dir: string;
  let server: Served;
  let base: string;
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-uploads-'));
    server = await serve(await freePort(), ['--db', join(dir, 'a.sqlite')]);
    base = server.base;
    token = demoSecrets(dir).tokens['us-gov']!;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the page states every limit', async () => {
    const page = await call(base, 'GET', '/assess');
    expect(page.status).toBe(200);
    for (const figure of [
      '64 MiB',
      '512 MiB',
      '2 uploads at a time',
      '24 across',
      '30 minutes',
      '24 hours',
      '1 GiB',
    ])
      expect(page.text).toContain(figure);
    const limits = await call(base, 'GET', '/api/assessments/limits');
    expect(limits.json.anonymous).toMatchObject({
      maxBytes: 64 * MiB,
      concurrentPerClient: 2,
      concurrentTotal: 24,
    });
    expect(limits.json.signedIn).toMatchObject({ maxBytes: 512 * MiB, keepSeconds: 86_400 });
  });

  it('an anonymous upload over 64 MiB is refused with 413, before it is sent and while it streams', async () => {
    // Announced when the job is created: refused before a byte of the file is sent.
    const announced = await newJob(base, { file: 'big.csv', size: 64 * MiB + 1 });
    expect(announced.status).toBe(413);
    expect(announced.headers['content-type']).toContain('application/problem+json');
    expect(announced.json.code).toBe('upload-too-large');
    expect(announced.json.detail).toContain('limited to 64 MiB');
    expect(announced.json.detail).toContain('512 MiB');
    expect(announced.json.problems[0].params).toMatchObject({ limit: 64 * MiB, who: 'anonymous' });

    // Declared by Content-Length in one request: the answer comes without the body being read.
    const declared = open(base, 'POST', '/api/assessments', {
      'content-type': 'text/csv',
      'content-length': 70 * MiB,
    });
    declared.req.write(HEADER);
    const early = await declared.answer;
    declared.req.destroy();
    expect(early.status).toBe(413);
    expect(early.json.code).toBe('upload-too-large');
    expect(early.json.detail).toContain('this upload is 70 MiB');

    // Neither announced nor declared (chunked): stopped when the 64 MiB have passed.
    const chunked = open(base, 'POST', '/api/assessments', { 'content-type': 'text/csv' });
    const chunk = csv(20_000);
    let sent = 0;
    let answered: Answer | undefined;
    void chunked.answer.then((a) => {
      answered = a;
    });
    chunked.req.write(HEADER);
    while (!answered && sent < 80 * MiB) {
      const more = chunked.req.write(chunk);
      sent += chunk.length;
      if (!more) await new Promise((r) => setTimeout(r, 5));
    }
    const late = await chunked.answer;
    chunked.req.destroy();
    expect(late.status).toBe(413);
    expect(late.json.code).toBe('upload-too-large');
    expect(sent).toBeGreaterThan(64 * MiB);
  }, 120_000);

  it('a signed-in client may announce more than the anonymous limit', async () => {
    const job = await newJob(
      base,
      { file: 'big.csv', size: 100 * MiB },
      { authorization: `Bearer ${token}` },
    );
    expect(job.status).toBe(201);
    expect(job.json).toMatchObject({ state: 'created', who: 'signed-in', size: 100 * MiB });
    expect(job.json.limits.maxBytes).toBe(512 * MiB);
  });

  let finished: { id: string; lines: number } | undefined;

  it('lines are assessed while the upload is still arriving, and the server reports it', async () => {
    const n = 200_000;
    const first = HEADER + csv(150_000);
    const rest = csv(n - 150_000, 150_000);
    const total = Buffer.byteLength(first) + Buffer.byteLength(rest);
    const job = await newJob(base, { file: 'entries.csv', size: total });
    expect(job.status).toBe(201);
    expect(job.json.input).toBe(`/api/assessments/${job.json.id}/input`);

    const put = open(base, 'PUT', job.json.input, { 'content-type': 'text/csv', 'content-length': total });
    put.req.write(first);
    // Three quarters sent, the request still open: the server has read them and assessed lines already.
    const during = await until(
      () => call(base, 'GET', job.json.status),
      (a) => a.json?.lines >= 65_536,
    );
    expect(during.json.state).toBe('running');
    expect(during.json.lines).toBeGreaterThanOrEqual(65_536);
    expect(during.json.lines).toBeLessThan(n);
    expect(during.json.bytesRead).toBeLessThanOrEqual(Buffer.byteLength(first));
    expect(during.json.size).toBe(total);

    put.req.end(rest);
    const done = await put.answer;
    expect(done.status).toBe(201);
    expect(done.json).toMatchObject({ state: 'done', lines: n, bytesRead: total });
    expect(done.json.summary.lines).toBe(n);
    expect(done.json.results).toBe(`/api/assessments/${job.json.id}/results.csv`);
    finished = { id: job.json.id, lines: n };

    const again = await call(base, 'PUT', job.json.input, 'x', { 'content-type': 'text/csv' });
    expect(again.status).toBe(409);
  }, 120_000);

  it('an upload is never held whole: received but not yet assessed stays under 4 MiB', async () => {
    // About 55 MB, sent as fast as loopback takes it: far faster than it is assessed.
    const parts = [HEADER, ...Array.from({ length: 50 }, (_, k) => csv(20_000, k * 20_000))];
    const total = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
    const job = await newJob(base, { file: 'fast.csv', size: total });
    const put = open(base, 'PUT', job.json.input, { 'content-type': 'text/csv', 'content-length': total });
    let answered = false;
    void put.answer.then(() => {
      answered = true;
    });
    const sending = (async () => {
      for (const p of parts) if (!put.req.write(p)) await new Promise((r) => put.req.once('drain', r));
      put.req.end();
    })();
    let widest = 0;
    let samples = 0;
    while (!answered) {
      const s = (await call(base, 'GET', job.json.status)).json;
      if (s?.state === 'running' && s.bytesRead < total) {
        samples++;
        widest = Math.max(widest, s.bytesRead - s.bytesAssessed);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await sending;
    const done = await put.answer;
    expect(done.status).toBe(201);
    expect(done.json.lines).toBe(1_000_000);
    expect(samples).toBeGreaterThan(0);
    // The server's in-flight bound (4 MiB) plus one socket read.
    expect(widest).toBeLessThanOrEqual(4 * MiB + 256 * 1024);
  }, 120_000);

  it('the download streams from the results file on disk', async () => {
    const { id, lines } = finished!;
    const file = join(dir, 'assessments', 'anonymous', `${id}.csv`);
    const got = await call(base, 'GET', `/api/assessments/${id}/results.csv`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toContain('text/csv');
    expect(Number(got.headers['content-length'])).toBe(readFileSync(file).length);
    expect(got.text).toBe(readFileSync(file, 'utf8'));
    expect(got.text.trim().split('\n')).toHaveLength(lines + 1);
    // Read at each download, from disk: change the file and the next download has the change.
    writeFileSync(file, 'entry_id,changed-on-disk\n');
    const after = await call(base, 'GET', `/api/assessments/${id}/results.csv`);
    expect(after.text).toBe('entry_id,changed-on-disk\n');
  });

  it('uploads still arriving hold their places: a third upload gets 429; a dropped one fails and frees it', async () => {
    const from = '127.0.0.40';
    const held: { status: string; req: ReturnType<typeof open>['req'] }[] = [];
    for (let i = 0; i < 2; i++) {
      const job = await newJob(base, { file: `slow-${i}.csv` }, {}, from);
      expect(job.status).toBe(201);
      // Chunked, and never ended: the upload is still arriving.
      const put = open(base, 'PUT', job.json.input, { 'content-type': 'text/csv' }, from);
      put.req.write(HEADER + csv(10));
      held.push({ status: job.json.status, req: put.req });
    }
    for (const h of held)
      expect(
        (
          await until(
            () => call(base, 'GET', h.status),
            (a) => a.json?.state === 'running',
          )
        ).json.state,
      ).toBe('running');
    const third = await call(
      base,
      'POST',
      '/api/assessments',
      HEADER + csv(10),
      { 'content-type': 'text/csv' },
      from,
    );
    expect(third.status).toBe(429);
    expect(third.json.code).toBe('upload-concurrency');
    for (const h of held) h.req.destroy();
    for (const h of held) {
      const after = await until(
        () => call(base, 'GET', h.status),
        (a) => a.json?.state === 'failed',
      );
      expect(after.json.error.code).toBe('upload-aborted');
    }
  });

  it('an anonymous client has 2 uploads at a time (429) and the server 24 anonymous ones (503)', async () => {
    const self = '127.0.0.1';
    for (let i = 0; i < 2; i++) expect((await newJob(base, { size: 1000 }, {}, self)).status).toBe(201);
    const third = await newJob(base, { size: 1000 }, {}, self);
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('10');
    expect(third.json.code).toBe('upload-concurrency');
    expect(third.json.detail).toContain('anonymous clients may have 2 at a time');
    expect(third.json.detail).toContain('sign in');
    expect(third.json.problems[0].params).toMatchObject({ limit: 2, who: 'anonymous' });

    // Other clients (other loopback addresses) fill the server's 24 anonymous places.
    for (let k = 2; k <= 12; k++)
      for (let i = 0; i < 2; i++)
        expect((await newJob(base, { size: 1000 }, {}, `127.0.0.${k}`)).status).toBe(201);
    const full = await newJob(base, { size: 1000 }, {}, '127.0.0.13');
    expect(full.status).toBe(503);
    expect(full.headers['retry-after']).toBe('30');
    expect(full.json.code).toBe('upload-capacity');
    expect(full.json.detail).toContain('24 anonymous uploads');
    expect(full.json.problems[0].params).toMatchObject({ limit: 24, who: 'anonymous' });

    // Signed-in clients have places of their own.
    const signed = await newJob(base, { size: 1000 }, { authorization: `Bearer ${token}` }, '127.0.0.13');
    expect(signed.status).toBe(201);
  });
});

describe('assessment results expire', () => {
  let dir: string;
  let server: RunningServer;
  let clock = Date.now();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-expiry-'));
    server = await startServer({
      db: join(dir, 'a.sqlite'),
      port: 0,
      rateLimit: false,
      assessments: { now: () => clock },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after 30 minutes an anonymous job and its results are gone, from answers and from disk', async () => {
    const base = server.url;
    const up = await call(base, 'POST', '/api/assessments', HEADER + csv(10), { 'content-type': 'text/csv' });
    expect(up.status).toBe(201);
    const { id } = up.json;
    expect((await call(base, 'GET', `/api/assessments/${id}/results.csv`)).status).toBe(200);
    expect(new Date(up.json.expiresAt).getTime() - clock).toBe(30 * 60_000);

    clock += 30 * 60_000 - 1000;
    expect((await call(base, 'GET', `/api/assessments/${id}`)).status).toBe(200);
    clock += 2000;
    const gone = await call(base, 'GET', `/api/assessments/${id}/results.csv`);
    expect(gone.status).toBe(404);
    expect(gone.json.code).toBe('assessment-unknown');
    expect(gone.json.detail).toContain('30 minutes');
    expect((await call(base, 'GET', `/api/assessments/${id}`)).status).toBe(404);

    const kept = join(dir, 'assessments', 'anonymous');
    expect(readdirSync(kept).filter((f) => f.startsWith(id))).toHaveLength(2);
    await server.context.assessments.sweep();
    expect(readdirSync(kept).filter((f) => f.startsWith(id))).toEqual([]);
  });
});
