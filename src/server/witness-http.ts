/**
 * @module server/witness-http
 * A witness on the network (c2sp.org/tlog-witness@v1.0.0): `POST <prefix>/add-checkpoint` with the
 * protocol's body and status codes, answered by {@link Witness}. A bare node:http server, because the
 * protocol is one endpoint with plain-text bodies: no router, no JSON.
 *
 * Responses: 200 with the cosignature line(s); 409 with the witness's size and `Content-Type:
 * text/x.tlog.size`; 400, 403, 404 and 422 with a one-line reason in plain text. Anything else on the
 * server is 404 (or 405 with `Allow: POST` on the endpoint), and a body over {@link MAX_BODY} is 413.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Witness } from '../tlog/index.js';

/**
 * The largest request body read. 63 proof lines (about 2.8 KB) and a checkpoint with up to 100 signature
 * lines fit many times over; a larger body is not a checkpoint.
 */
export const MAX_BODY = 64 * 1024;

/** What the server reports for each request it answered (for the operator's log). */
export interface WitnessRequestLog {
  status: number;
  origin?: string;
  size?: number;
  message: string;
}

/** Options of {@link startWitnessServer}. */
export interface WitnessServerOptions {
  witness: Witness;
  host: string;
  port: number;
  /** Called once per answered request. */
  log?: (entry: WitnessRequestLog) => void;
}

/** A running witness server. */
export interface RunningWitness {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/** Read the body up to `limit` bytes; undefined when it is larger (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answer one request. */
async function handle(
  witness: Witness,
  req: IncomingMessage,
  res: ServerResponse,
  log: (e: WitnessRequestLog) => void,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/add-checkpoint') {
    send(res, 404, 'not found: this witness answers POST /add-checkpoint (c2sp.org/tlog-witness)\n');
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    send(res, 405, 'add-checkpoint takes POST\n');
    return;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY) {
    send(res, 413, `the body is larger than ${MAX_BODY} bytes\n`);
    req.resume();
    return;
  }
  const body = await readBody(req, MAX_BODY);
  if (!body) {
    send(res, 413, `the body is larger than ${MAX_BODY} bytes\n`);
    return;
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(body);
  const r = await witness.addCheckpoint(text);
  if (r.status === 200) {
    log({ status: 200, origin: r.checkpoint.origin, size: r.checkpoint.size, message: 'cosigned' });
    send(res, 200, r.body);
  } else if (r.status === 409) {
    log({ status: 409, message: r.message });
    send(res, 409, r.body, 'text/x.tlog.size');
  } else {
    log({ status: r.status, message: `${r.code}: ${r.message}` });
    send(res, r.status, `${r.message}\n`);
  }
}

/**
 * Start a witness server; resolves once it listens.
 *
 * @example
 * const w = await startWitnessServer({ witness, host: '127.0.0.1', port: 0 });
 * // POST `${w.url}add-checkpoint`
 */
export function startWitnessServer(options: WitnessServerOptions): Promise<RunningWitness> {
  const log = options.log ?? (() => {});
  const server = createServer((req, res) => {
    handle(options.witness, req, res, log).catch((e: unknown) => {
      // The witness's state store failed (disk full, file removed): nothing was cosigned.
      log({ status: 503, message: `state store: ${(e as Error).message}` });
      if (!res.headersSent) send(res, 503, 'the witness could not read or write its state; try again\n');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const a = server.address() as AddressInfo;
      const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      resolve({
        url: `http://${host}:${a.port}/`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
