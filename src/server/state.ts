/**
 * @module server/state
 * The server's own state beside its store: the log's signing key, the witness trust policy and the
 * accounts (token digests only). Kept in a JSON file readable by its owner only (0600), since it holds the
 * log key; tokens themselves are never stored.
 */
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { AccordError } from '../_lib/problem.js';
import { zodProblems } from '../_lib/zod-problems.js';
import { parsePolicy, parseSignerKey, type SignerKey, type TrustPolicy } from '../tlog/index.js';
import { type Account, ActorDirectory } from './actors.js';

const stateSchema = z.strictObject({
  accordServer: z.literal(1),
  origin: z.string().min(1),
  logKey: z.string().startsWith('PRIVATE+KEY+'),
  policy: z.string().min(1),
  accounts: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string(),
      role: z.enum(['government', 'firm', 'auditor', 'observer']),
      commitments: z.array(z.string()),
      tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

/** The state file's content. */
export type ServerStateFile = z.infer<typeof stateSchema>;

/** The state, parsed. */
export interface ServerState {
  origin: string;
  logKey: SignerKey;
  policy: TrustPolicy;
  policyText: string;
  directory: ActorDirectory;
}

/** Write the state file (owner read/write only), replacing it atomically. */
export function writeState(path: string, state: ServerStateFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Add (or replace) an account in the state file. */
export function saveAccount(path: string, account: Account): void {
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new AccordError('server-state-invalid', `${path} is not a server state file`);
  const state = parsed.data;
  state.accounts = [...state.accounts.filter((a) => a.id !== account.id), account];
  writeState(path, state);
}

/** Whether a file is some server's state file (its first bytes say so; other JSON files are not read whole). */
function isStateFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, head.length, 0);
    return /^\s*\{\s*"accordServer"\s*:\s*1\b/.test(head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Where a newly seeded store's demo secrets (tokens.json, keys/) go: beside its state file, as they always
 * have (`.accord/tokens.json` for `npm start`), unless that folder already holds another store's state
 * file; then into `<state name>.secrets/` beside it, so one store's seeding never rewrites another's.
 */
export function demoSecretsDir(statePath: string): string {
  const dir = dirname(statePath);
  const self = resolve(statePath);
  const others = existsSync(dir)
    ? readdirSync(dir).filter(
        (f) => f.endsWith('.json') && resolve(dir, f) !== self && isStateFile(join(dir, f)),
      )
    : [];
  if (others.length === 0) return dir;
  return join(dir, `${basename(statePath).replace(/(\.server)?\.json$/i, '')}.secrets`);
}

/** Read and check the state file. */
export function readState(path: string): ServerState {
  if (!existsSync(path))
    throw new AccordError(
      'server-state-missing',
      `no server state at ${path}; start with --seed to create one`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AccordError('server-state-invalid', `${path} is not JSON: ${(e as Error).message}`);
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const [first] = zodProblems(parsed.error.issues, { code: 'server-state-invalid', limit: 1 });
    throw new AccordError('server-state-invalid', `${path} is not a server state file: ${first?.message}`);
  }
  const s = parsed.data;
  const key = parseSignerKey(s.logKey);
  if (!key.ok) throw new AccordError('server-state-invalid', `${path}: logKey: ${key.message}`);
  const policy = parsePolicy(s.policy, `${path}#policy`);
  if (!policy.ok)
    throw new AccordError('server-state-invalid', `${path}: the policy does not parse`, {
      problems: policy.problems,
    });
  return {
    origin: s.origin,
    logKey: key.key,
    policy: policy.value,
    policyText: s.policy,
    directory: new ActorDirectory(s.accounts as Account[]),
  };
}
