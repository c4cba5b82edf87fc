/**
 * @module server/http-edge
 * What every request meets before any route: browser protections on every response, the Host allow-list
 * (DNS rebinding), 405 with `Allow` for a known path with the wrong method, and the body gate that turns a
 * wrong content type, an empty or broken JSON body into a positioned 400/415 problem instead of a crash.
 */
import { networkInterfaces } from 'node:os';
import type { Context, MiddlewareHandler } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { RouterRoute } from 'hono/types';
import type { Problem } from '../_lib/problem.js';
import { HttpProblem } from './problem-response.js';

/**
 * The Content-Security-Policy of every response. Scripts come only from this server's own files (htmx,
 * /static/verify.js, /static/assess.js): no inline script, no eval, no plugins, no `<base>` rewriting, and
 * forms and fetches go only back to this server. Styles allow inline: the page shell carries its CSS inline
 * and the server-rendered SVG charts (Observable Plot) carry `<style>` elements and style attributes; CSS
 * cannot run script, and every text the pages render is escaped.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries, the duty fast path's included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // frame-ancestors for current browsers, X-Frame-Options for older ones.
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Put the security headers on whatever response the rest of the application produced. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
};

/** A Host header split into its name (lowercase, IPv6 in brackets) and port (undefined when absent). */
export function splitHost(host: string): { name: string; port: number | undefined } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name: m[1]!.toLowerCase(), port };
}

/** An IP address as it appears in a Host header (IPv6 in brackets). */
function hostForm(address: string): string {
  return address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

/**
 * The names this server answers to. By default the address it is bound to and the loopback names, each on
 * the port it listens on (a bare name only on port 80); a wildcard bind (0.0.0.0, ::) adds this machine's
 * interface addresses. Extra names come from `--allowed-hosts` (a name without a port matches any port;
 * `*` turns the check off, for a proxy that checks Host itself). A browser tricked by DNS rebinding sends
 * the attacker's name, which is not on the list.
 */
export class HostAllowList {
  private readonly names = new Set<string>();
  private readonly anyPort = new Set<string>();
  private readonly withPort = new Set<string>();
  private readonly open: boolean;
  private port: number;

  constructor(options: { host: string; port: number; extra?: readonly string[] }) {
    this.port = options.port;
    const bound = options.host.toLowerCase();
    for (const n of ['localhost', '127.0.0.1', '[::1]']) this.names.add(n);
    this.names.add(bound.startsWith('[') || !bound.includes(':') ? bound : hostForm(bound));
    if (bound === '0.0.0.0' || bound === '::' || bound === '[::]')
      for (const list of Object.values(networkInterfaces()))
        for (const i of list ?? []) this.names.add(hostForm(i.address.replace(/%.*$/, '')));
    let open = false;
    for (const raw of options.extra ?? []) {
      const entry = raw.trim().toLowerCase();
      if (entry === '') continue;
      if (entry === '*') {
        open = true;
        continue;
      }
      const h = splitHost(entry);
      if (!h) throw new Error(`not a host name: ${raw}`);
      if (h.port === undefined) this.anyPort.add(h.name);
      else this.withPort.add(`${h.name}:${h.port}`);
    }
    this.open = open;
  }

  /** The port actually listened on (known only after listening when asked for port 0). */
  setPort(port: number): void {
    this.port = port;
  }

  /** Whether a request with this Host header is answered. No header (HTTP/1.0) cannot come from a browser. */
  allows(host: string | undefined): boolean {
    if (this.open || host === undefined) return true;
    const h = splitHost(host);
    if (!h) return false;
    if (this.anyPort.has(h.name)) return true;
    const port = h.port ?? 80;
    if (this.withPort.has(`${h.name}:${port}`)) return true;
    return port === this.port && this.names.has(h.name);
  }
}

/** Check an `--allowed-hosts` list: every entry a host name, an IP address (IPv6 in brackets) or `*`. */
export function parseAllowedHosts(text: string): { hosts: string[]; bad: string[] } {
  const hosts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { hosts, bad: hosts.filter((h) => h !== '*' && !splitHost(h)) };
}

/** 421 unless the request's Host is one this server answers to. */
export function hostCheck(allow: HostAllowList): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (!allow.allows(host))
      throw new HttpProblem(
        421,
        'host-not-allowed',
        `this server does not answer for the host ${JSON.stringify(host ?? '')}; open it by an address it listens on, or start it with --allowed-hosts NAME`,
        [
          {
            code: 'host-not-allowed',
            message: 'the Host header names a server this is not',
            where: { file: 'header', pointer: '/host' },
          },
        ],
      );
    await next();
  };
}

/** Methods in the order `Allow` lists them. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * The methods an application answers on a path, from its registered routes (middleware, registered for
 * every method, does not count). Built on first use, after every route is registered.
 */
export function allowedMethods(routes: () => readonly RouterRoute[]): (path: string) => string[] {
  let router: TrieRouter<string> | undefined;
  return (path) => {
    if (!router) {
      router = new TrieRouter<string>();
      for (const r of routes()) if (r.method !== 'ALL') router.add(r.method.toUpperCase(), r.path, r.method);
    }
    const r = router;
    const found = METHODS.filter((m) => m !== 'HEAD' && r.match(m, path)[0].length > 0);
    // Hono answers HEAD wherever it answers GET.
    if (found.includes('GET')) found.splice(1, 0, 'HEAD');
    return found;
  };
}

/** What a route declares about its request body. */
export interface BodySpec {
  /** Media types the route reads (e.g. `application/json`, `text/plain`). */
  types: readonly string[];
  /** Whether a body must be sent (otherwise no body means the defaults). */
  required: boolean;
}

function mediaType(header: string): string {
  return (header.split(';')[0] ?? '').trim().toLowerCase();
}

function isJson(type: string): boolean {
  return /^application\/([a-z0-9.-]+\+)?json$/.test(type);
}

/** Line and column (1-based) of a byte offset into a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Where JSON.parse stopped, from its message ("… at position 12" or "(line 1 column 13)"). */
function jsonErrorAt(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  return lineColumn(text, pos ? Number(pos[1]) : text.length);
}

function bodyProblem(status: 400 | 415, code: string, message: string, where: Problem['where']): HttpProblem {
  return new HttpProblem(status, code, message, [{ code, message, ...(where ? { where } : {}) }]);
}

/**
 * Check a request's body before the route's schema sees it: a content type the route does not read is 415,
 * a missing required body, an empty JSON body, bytes that are not UTF-8 and text that is not JSON are 400,
 * each with where it is wrong. The bytes are read once and cached by the request, so the route (and a
 * signature over the exact bytes) sees the same body.
 */
export function bodyGate(spec: BodySpec): MiddlewareHandler {
  const accepted = spec.types.map((t) => t.toLowerCase());
  const json = accepted.some(isJson);
  return async (c: Context, next) => {
    const header = c.req.header('content-type');
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    const declaredEmpty = !chunked && (length === undefined || length === '0');
    if (header === undefined || header.trim() === '') {
      if (declaredEmpty && !spec.required) {
        // No body means the defaults: let the schema read `{}` (and fill them in) rather than nothing at all.
        if (json) {
          const headers = new Headers(c.req.raw.headers);
          headers.set('content-type', 'application/json');
          c.req.raw = new Request(c.req.raw, { headers, body: '{}' });
        }
        return next();
      }
      throw bodyProblem(
        declaredEmpty ? 400 : 415,
        declaredEmpty ? 'body-missing' : 'content-type-missing',
        declaredEmpty
          ? `this route needs a request body (${accepted.join(' or ')})`
          : `say what the body is: send Content-Type: ${accepted.join(' or ')}`,
        declaredEmpty ? { file: 'body', pointer: '' } : { file: 'header', pointer: '/content-type' },
      );
    }
    const type = mediaType(header);
    if (!accepted.includes(type) && !(json && isJson(type) && accepted.includes('application/json')))
      throw bodyProblem(
        415,
        'content-type-unsupported',
        `this route reads ${accepted.join(' or ')}, not ${JSON.stringify(type)}`,
        { file: 'header', pointer: '/content-type' },
      );
    if (!isJson(type)) return next();
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0)
      throw bodyProblem(400, 'body-empty', 'the JSON body is empty; send a JSON object', {
        file: 'body',
        pointer: '',
      });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw bodyProblem(400, 'body-not-utf8', 'the JSON body is not UTF-8 text', {
        file: 'body',
        pointer: '',
      });
    }
    try {
      // A byte-order mark is allowed (RFC 8259 §8.1) and read past, as the route's own parsing does.
      JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
    } catch (e) {
      const at = jsonErrorAt(text, (e as Error).message);
      throw bodyProblem(400, 'body-not-json', `the body is not JSON (line ${at.line}, column ${at.column})`, {
        file: 'body',
        line: at.line,
        column: at.column,
        pointer: '',
      });
    }
    await next();
  };
}

/**
 * A dashboard form's body before its route reads it: at most `maxBytes` (413), form-encoded (415) and
 * parseable (400, instead of the framework's TypeError). The route then gets the same bytes afresh, so its
 * own limit and parsing work as before. Not for uploads, which are read as a stream.
 */
export function formGate(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const header = c.req.header('content-type');
    const length = c.req.header('content-length');
    if (length !== undefined && !(Number(length) <= maxBytes))
      throw new HttpProblem(413, 'body-too-large', `the form is larger than ${maxBytes} bytes`, [
        {
          code: 'body-too-large',
          message: `at most ${maxBytes} bytes`,
          where: { file: 'body', pointer: '' },
        },
      ]);
    if (header === undefined || header.trim() === '') {
      if (length === undefined || length === '0') return next();
      throw bodyProblem(415, 'content-type-missing', 'send the form as application/x-www-form-urlencoded', {
        file: 'header',
        pointer: '/content-type',
      });
    }
    const type = mediaType(header);
    if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data')
      throw bodyProblem(
        415,
        'content-type-unsupported',
        `this form is sent as application/x-www-form-urlencoded or multipart/form-data, not ${JSON.stringify(type)}`,
        { file: 'header', pointer: '/content-type' },
      );
    const raw = c.req.raw;
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (raw.body)
      for await (const chunk of raw.body) {
        size += chunk.length;
        if (size > maxBytes)
          throw new HttpProblem(413, 'body-too-large', `the form is larger than ${maxBytes} bytes`, [
            {
              code: 'body-too-large',
              message: `at most ${maxBytes} bytes`,
              where: { file: 'body', pointer: '' },
            },
          ]);
        chunks.push(chunk);
      }
    const bytes = Buffer.concat(chunks);
    try {
      await new Response(bytes, { headers: { 'content-type': header } }).formData();
    } catch {
      throw bodyProblem(400, 'body-not-form', `the form body cannot be read as ${type}`, {
        file: 'body',
        pointer: '',
      });
    }
    c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: bytes });
    await next();
  };
}
