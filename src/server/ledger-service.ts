/**
 * @module server/ledger-service
 * The server's write path into the log. Submissions from concurrent requests go through one queue that
 * drains in batches: each batch is checked against the log's own registry (registered key, signature,
 * role), appended in one store transaction and only then acknowledged, so an acknowledged entry is durable
 * and concurrent writers never interleave inside a batch. Batching is also what makes signed submissions
 * cheap: one commit (one fsync) carries every entry that arrived while the previous commit ran.
 */
import { AccordError } from '../_lib/problem.js';
import {
  addCosignatures,
  checkpointLog,
  decodeEntry,
  type LedgerStore,
  parseNote,
  Registry,
  type SignedStatement,
  type SignerKey,
  statementHash,
  type TrustPolicy,
  verifyCosignatures,
} from '../ledger/index.js';
import type { Account } from './actors.js';
import { authorizeStatement } from './authorize.js';
import { HttpProblem } from './problem-response.js';

/** What a submission returns once durable. */
export interface Submitted {
  index: number;
  leafHash: string;
  existed: boolean;
}

interface Pending {
  entry: Buffer;
  signed: SignedStatement;
  leaf: string;
  resolve: (r: Submitted) => void;
  reject: (e: unknown) => void;
}

/** Most entries per store transaction. */
const MAX_BATCH = 512;

/** The log as the server runs it: store, log key, witness policy and the replayed registry. */
export class LedgerService {
  registry = new Registry();
  private readonly leaves = new Map<string, number>();
  private pending: Pending[] = [];
  private draining: Promise<void> | undefined;
  /** Serializes checkpoint and cosignature writes with appends. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: LedgerStore,
    private readonly logKey: SignerKey,
    readonly policy: TrustPolicy,
  ) {}

  /** Catch the registry up with entries another process appended. */
  async sync(): Promise<void> {
    const size = await this.store.size();
    let at = this.registry.entries.length;
    while (at < size) {
      const end = Math.min(size, at + 4096);
      for (const e of await this.store.entries(at, end)) {
        const r = this.registry.add(e);
        this.leaves.set(r.leafHash, r.index);
      }
      at = end;
    }
  }

  /**
   * Submit one signed entry as `account`. Resolves after the entry is committed; rejects with a
   * problem (422 malformed or not verifiable, 403 not allowed).
   */
  submit(account: Account, entry: Buffer): Promise<Submitted> {
    const decoded = decodeEntry(entry, 'body');
    if (!decoded.ok)
      return Promise.reject(
        new HttpProblem(
          422,
          decoded.problems[0]?.code ?? 'statement-invalid',
          'the statement is invalid; nothing was logged',
          decoded.problems,
        ),
      );
    try {
      authorizeStatement(account, decoded.signed.statement);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, signed: decoded.signed, leaf: statementHash(entry), resolve, reject });
      this.schedule();
    });
  }

  /**
   * Start draining after this turn of the event loop's I/O, not at the first submission: every request
   * already read from the sockets joins the same batch, so one fsync acknowledges all of them (a commit
   * started at once would carry one entry and block the loop for a whole fsync).
   */
  private schedule(): void {
    if (this.draining) return;
    this.draining = new Promise<void>((r) => setImmediate(r)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        await this.exclusive(() => this.commit(batch));
      }
    } finally {
      this.draining = undefined;
      if (this.pending.length > 0) this.schedule();
    }
  }

  /** Run `fn` after every earlier write finished, before any later one starts. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      await this.sync();
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    const accepted: Pending[] = [];
    const dupes: { p: Pending; index: number }[] = [];
    const inBatch = new Set<string>();
    for (const p of batch) {
      const prior = this.leaves.get(p.leaf);
      if (prior !== undefined) {
        dupes.push({ p, index: prior });
        continue;
      }
      if (inBatch.has(p.leaf)) {
        accepted.push(p); // same bytes twice in one batch: the store returns the one index for both
        continue;
      }
      // The log's own rules (registered key, signature, role) decide, exactly as any replaying auditor would;
      // feeding the registry now lets later entries of this batch see a registration or rotation made here.
      const replayed = this.registry.add(p.entry);
      if (!replayed.counts) {
        this.registry.entries.pop(); // a refused entry leaves no trace: only counted entries change actors
        const problem = replayed.problems[0] ?? {
          code: 'statement-invalid',
          message: 'the statement does not count',
        };
        p.reject(new HttpProblem(422, problem.code, problem.message, replayed.problems));
        continue;
      }
      inBatch.add(p.leaf);
      accepted.push(p);
    }
    for (const { p, index } of dupes) p.resolve({ index, leafHash: p.leaf, existed: true });
    if (accepted.length === 0) return;
    let results: Awaited<ReturnType<LedgerStore['append']>>;
    try {
      results = await this.store.append(accepted.map((p) => p.entry));
    } catch (e) {
      // Nothing of the batch is durable; rebuild the registry from the store so it matches again.
      this.rebuildRegistry();
      for (const p of accepted) p.reject(e);
      return;
    }
    const seen = new Set<string>();
    accepted.forEach((p, i) => {
      const r = results[i]!;
      if (!seen.has(r.leafHash)) this.leaves.set(r.leafHash, r.index);
      seen.add(r.leafHash);
      p.resolve({ index: r.index, leafHash: r.leafHash, existed: r.existed });
    });
  }

  private rebuildRegistry(): void {
    this.registry = new Registry();
    this.leaves.clear();
  }

  /** Sign a checkpoint of the current tree (serialized with appends). */
  checkpoint(): Promise<{ size: number; note: string }> {
    return this.exclusive(async () => {
      const { checkpoint, note } = await checkpointLog(this.store, this.logKey);
      return { size: checkpoint.size, note };
    });
  }

  /**
   * Add witness cosignature lines (note signature lines, `— name base64`) to the checkpoint of `size`;
   * each must verify under a witness key of the trust policy.
   */
  cosign(size: number, lines: string): Promise<string> {
    return this.exclusive(async () => {
      const stored = await this.store.checkpoint(size);
      if (!stored)
        throw new HttpProblem(404, 'checkpoint-unknown', `no checkpoint of size ${size} is recorded`);
      const text = stored.note.slice(0, stored.note.indexOf('\n\n') + 1);
      const body = lines.trim();
      if (body === '')
        throw new HttpProblem(
          422,
          'cosignature-missing',
          'send one or more cosignature lines ("— name base64")',
        );
      const parsed = parseNote(`${text}\n${body}\n`);
      if (!parsed.ok)
        throw new HttpProblem(
          422,
          'cosignature-malformed',
          `the cosignature lines are malformed: ${parsed.error.message}`,
        );
      const witnesses = [...this.policy.witnesses.values()];
      const { valid, bad } = verifyCosignatures(text, parsed.note.signatures, witnesses);
      if (bad.length > 0 || valid.length !== parsed.note.signatures.length) {
        const names = bad.length > 0 ? bad.join(', ') : 'a line by a witness the policy does not name';
        throw new HttpProblem(422, 'cosignature-invalid', `a cosignature does not verify: ${names}`);
      }
      return addCosignatures(this.store, size, parsed.note.signatures);
    });
  }
}

/** A store failure the client can do nothing about, reported as 503 rather than leaking details. */
export function storeUnavailable(error: unknown): AccordError {
  return new AccordError('store-unavailable', 'the store could not complete the write; retry', {
    status: 503,
    cause: error,
  });
}
