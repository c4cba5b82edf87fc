/**
 * @module cli/server-client
 * What the actors' commands (`accord submit`, `attest`, `approve`, `receipts fetch`) need from a running
 * accord server: its address, the session token, the log's origin and trust policy, and requests whose
 * problems come back as the CLI's own (same codes, same exit status as the local commands).
 *
 * The token is read from `ACCORD_TOKEN` or from a credentials file only the user can read — never from the
 * command line, where other users of the machine could see it in the process list and it would land in the
 * shell's history.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AccordError, type Problem } from '../_lib/problem.js';
import { parsePolicy, type TrustPolicy } from '../tlog/policy.js';

/** The default credentials file: one line, the API token. */
export function defaultCredentialsFile(): string {
  return join(homedir(), '.config', 'accord', 'token');
}

/** The session token: `ACCORD_TOKEN`, or the credentials file (mode 600 or stricter). */
export function readToken(credentials?: string): string {
  const env = process.env.ACCORD_TOKEN?.trim();
  if (env) return env;
  const file = credentials ?? defaultCredentialsFile();
  if (!existsSync(file))
    throw new AccordError(
      'token-missing',
      `no API token: set ACCORD_TOKEN, or write the token to ${file} (one line, chmod 600)`,
    );
  const mode = statSync(file).mode;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new AccordError(
      'token-exposed',
      `${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${file}`,
    );
  const token = readFileSync(file, 'utf8').trim();
  if (!token) throw new AccordError('token-missing', `${file} is empty; write the API token into it`);
  return token;
}

/** The server's base URL, from `--server` or `ACCORD_SERVER`, checked. */
export function serverUrl(option: string | undefined): URL {
  const text = option ?? process.env.ACCORD_SERVER;
  if (!text)
    throw new AccordError(
      'usage',
      'give the server: --server URL (or set ACCORD_SERVER), e.g. http://127.0.0.1:8080',
      {
        exitCode: 2,
      },
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AccordError(
      'usage',
      `--server ${JSON.stringify(text)} is not a URL; e.g. http://127.0.0.1:8080`,
      {
        exitCode: 2,
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AccordError('usage', `--server must be an http(s) URL, not ${url.protocol}`, { exitCode: 2 });
  return url;
}

/** What a problem+json answer carries. */
interface ProblemJson {
  code?: string;
  title?: string;
  detail?: string;
  problems?: Problem[];
}

/** A client of one accord server, for one session. */
export class AccordClient {
  constructor(
    readonly base: URL,
    private readonly token?: string,
  ) {}

  /**
   * Send a request; a problem answer becomes an AccordError with the server's code and problems, whose
   * `where` is placed in `file` when given (the statement file a pointer refers to).
   */
  async request(
    method: string,
    path: string,
    options: { body?: string | Buffer; type?: string; file?: string; auth?: boolean } = {},
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = {};
    if (options.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
    let res: Response;
    try {
      res = await fetch(
        new URL(path.replace(/^\//, ''), this.base.href.endsWith('/') ? this.base : `${this.base}/`),
        {
          method,
          headers,
          ...(options.body !== undefined ? { body: options.body } : {}),
          signal: AbortSignal.timeout(60_000),
        },
      );
    } catch (e) {
      const cause = (e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new AccordError(
        'server-unreachable',
        `${this.base.origin} does not answer (${cause}); is accord serve running there?`,
      );
    }
    const text = await res.text();
    if (res.ok) return { status: res.status, text };
    let p: ProblemJson = {};
    try {
      p = JSON.parse(text) as ProblemJson;
    } catch {
      // not problem+json: report the status and the start of the body
    }
    const code = p.code ?? `http-${res.status}`;
    const message = p.detail ?? p.title ?? `${res.status} ${text.slice(0, 200)}`;
    // A problem the server adds only to restate its detail says nothing more.
    const problems = (p.problems ?? [])
      .filter((q) => q.where !== undefined || q.message !== message)
      .map((q) =>
        options.file && q.where?.pointer !== undefined && q.where.file === undefined
          ? { ...q, where: { ...q.where, file: options.file } }
          : q,
      );
    throw new AccordError(code, message, problems.length > 0 ? { problems } : {});
  }

  /** GET a JSON document. */
  async json<T>(path: string): Promise<T> {
    return JSON.parse((await this.request('GET', path)).text) as T;
  }

  /** The log's origin and trust policy. */
  async ledger(): Promise<{ origin: string; agreement: string; size: number; policy: TrustPolicy }> {
    const l = await this.json<{ origin: string; agreement: string; size: number; policy: string }>(
      '/api/ledger',
    );
    const p = parsePolicy(l.policy, `${this.base.origin}/api/ledger#policy`);
    if (!p.ok)
      throw new AccordError('policy-invalid', "the server's trust policy does not parse", {
        problems: p.problems,
      });
    return { origin: l.origin, agreement: l.agreement, size: l.size, policy: p.value };
  }

  /** The session's account; a token the server does not know is refused here, before anything is signed. */
  async session(): Promise<{ id: string; name: string; role: string; commitments: string[] }> {
    return this.json('/api/session');
  }
}
