/**
 * @module server/ledger-service
 * The server's view of the log and its write path. The committed log in the store is the only truth: the
 * replay (src/ledger/replay.ts, the same one every auditor runs) only ever advances over entries the store
 * has committed, in the store's index order, so no process changes its view before the commit that fixes
 * where the entries go. Several processes, on one machine or several, share one store this way, and any
 * two that have read the same number of entries hold the same state.
 *
 * Submissions from concurrent requests go through one queue that drains in batches: each batch is first
 * tried against the replay without changing it (so a statement that would not count is refused early, with
 * the rule it breaks), then appended in one store transaction, and only then replayed from what was
 * committed and acknowledged. Batching is what makes signed submissions cheap: one commit (one fsync)
 * carries every entry that arrived while the previous commit ran, and a remembered signature verdict means
 * the trial and the replay verify each signature once.
 */
import { AccordError, type Problem } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import type { Governance } from '../agreement/index.js';
import {
  addCosignatures,
  cachedCheck,
  checkpointLog,
  decodeEntry,
  type EntryStatus,
  exportTiles,
  LedgerReplay,
  type Statement,
  statementHash,
  type TrialVerdict,
} from '../ledger/index.js';
import {
  type LedgerStore,
  MemoryTree,
  parseNote,
  type SignerKey,
  type TrustPolicy,
  toBase64,
  verifyCosignatures,
} from '../tlog/index.js';
import type { Account } from './actors.js';
import { authorizeStatement } from './authorize.js';
import { HttpProblem } from './problem-response.js';
import { type PushOptions, pushCheckpoint, type WitnessOutcome } from './witness-push.js';

/** What a submission returns once durable. */
export interface Submitted {
  index: number;
  leafHash: string;
  existed: boolean;
  /** How the replay of the committed log decided the entry (a concurrent writer may have changed it). */
  status: EntryStatus;
  problems: Problem[];
  /** The log size this answer was computed at. */
  size: number;
}

/** A consistent view of the log: the replay and tree at one committed size. Read it without awaiting. */
export interface LedgerView {
  replay: LedgerReplay;
  size: number;
  /** RFC 6962 root of the first `size` entries, base64. */
  root: string;
}

interface Pending {
  entry: Buffer;
  leaf: string;
  resolve: (r: Submitted) => void;
  reject: (e: unknown) => void;
}

/** Most entries per store transaction. */
const MAX_BATCH = 512;

/** The log as the server runs it: store, log key, witness policy and the replayed log. */
export class LedgerService {
  readonly replay: LedgerReplay;
  /** Signature verdicts remembered by leaf hash, shared by the live replay and replays of earlier sizes. */
  private readonly signatureCheck = cachedCheck();
  /** The leaf hashes of the replayed entries, for roots at any size. */
  private readonly tree = new MemoryTree();
  private pending: Pending[] = [];
  private draining: Promise<void> | undefined;
  /** Serializes every change of the replay: catching up, commits, checkpoints, cosignatures. */
  private chain: Promise<unknown> = Promise.resolve();
  /** A catch-up queued but not yet started, which later callers join. */
  private queuedSync: Promise<void> | undefined;
  /** The last outcome per witness this process sent a checkpoint to, by policy name. */
  private readonly witnessOutcomes = new Map<string, WitnessOutcome>();
  /** The tiles of the latest checkpoint, by the size they were exported at. */
  private tileCache: { size: number; files: Map<string, Buffer> } | undefined;
  /** How checkpoints reach witnesses, and who hears when one is down or refuses. */
  witnessPush: PushOptions & { report?: (o: WitnessOutcome) => void } = {};

  constructor(
    readonly store: LedgerStore,
    private readonly logKey: SignerKey,
    readonly policy: TrustPolicy,
    governance: Governance,
  ) {
    this.replay = new LedgerReplay({ origin: store.origin, governance, check: this.signatureCheck });
  }

  /**
   * Catch up with entries committed by this or any other process, then resolve. Callers that arrive
   * before a queued catch-up starts share it; reads after it see at least the size committed when it began.
   */
  sync(): Promise<void> {
    if (this.queuedSync) return this.queuedSync;
    const run = this.exclusive(async () => {
      this.queuedSync = undefined;
      await this.catchUp();
    });
    this.queuedSync = run;
    return run;
  }

  /** The current view (call right after {@link sync}, before any await). */
  view(): LedgerView {
    const size = this.replay.size;
    return { replay: this.replay, size, root: toBase64(this.tree.root(size)) };
  }

  /** Replay committed entries [replayed, store size) in index order. Runs only inside `exclusive`. */
  private async catchUp(): Promise<void> {
    const size = await this.store.size();
    let at = this.replay.size;
    // A log only grows; a smaller store is another store (restored from a backup, swapped underneath us).
    if (size < at)
      throw new AccordError(
        'store-inconsistent',
        `the store holds ${plural(size, 'entry', 'entries')} but this process has read ${at}; the log never shrinks, so the store was replaced: restart the server`,
        { status: 503 },
      );
    while (at < size) {
      const end = Math.min(size, at + 4096);
      const entries = await this.store.entries(at, end);
      if (entries.length !== end - at)
        throw new AccordError(
          'store-inconsistent',
          `the store reports ${plural(size, 'entry', 'entries')} but returned fewer`,
          {
            status: 503,
          },
        );
      for (const e of entries) this.take(e);
      at = end;
    }
  }

  private take(entry: Uint8Array): void {
    const r = this.replay.add(entry);
    this.tree.append(Buffer.from(r.leafHash, 'hex'));
  }

  /**
   * Submit one signed entry as `account`. Resolves after the entry is committed and replayed; rejects with a
   * problem (422 malformed or would not count, 403 not this session's actor).
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
      authorizeStatement(account, decoded.value.statement);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, leaf: statementHash(entry), resolve, reject });
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

  /** Run `fn` after every earlier change finished, before any later one starts. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      await this.catchUp();
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    const before = this.replay.size;
    // Duplicates are found by the replay, whose leaf hashes come from the entries' bytes, not from an index.
    const known: Pending[] = [];
    const fresh: Pending[] = [];
    const inBatch = new Set<string>();
    for (const p of batch) {
      if (this.replay.byLeaf.has(p.leaf) || inBatch.has(p.leaf)) known.push(p);
      else {
        inBatch.add(p.leaf);
        fresh.push(p);
      }
    }
    // The log's own rules decide, exactly as any replaying auditor would; the trial leaves the replay as it was.
    const verdicts = this.replay.trial(fresh.map((p) => p.entry));
    const accepted: Pending[] = [];
    const refused = new Map<string, HttpProblem>();
    fresh.forEach((p, i) => {
      const v = verdicts[i]!;
      if (v.status !== 'not-counted') accepted.push(p);
      else {
        const first = v.problems[0] ?? {
          code: 'statement-invalid',
          message: 'the statement would not count',
        };
        const problem = new HttpProblem(422, first.code, `${first.message}; nothing was logged`, v.problems);
        refused.set(p.leaf, problem);
        p.reject(problem);
      }
    });
    let results: Awaited<ReturnType<LedgerStore['append']>> = [];
    if (accepted.length > 0) {
      try {
        results = await this.store.append(accepted.map((p) => p.entry));
      } catch (e) {
        for (const p of accepted) p.reject(e);
        for (const p of known) p.reject(e);
        return;
      }
    }
    // Advance only over what the store committed. When nobody wrote in between, those are exactly our
    // entries at `before`…; otherwise read what is there now, in the store's order.
    const ours = results.every((r, i) => !r.existed && r.index === before + i);
    try {
      if (ours) for (const p of accepted) this.take(p.entry);
      else await this.catchUp();
    } catch (e) {
      for (const p of [...accepted, ...known]) p.reject(e);
      return;
    }
    const answer = (p: Pending, existed: boolean) => {
      const index = this.replay.byLeaf.get(p.leaf);
      const no = refused.get(p.leaf);
      if (index === undefined && no) {
        p.reject(no);
        return;
      }
      if (index === undefined) {
        p.reject(
          new AccordError('store-inconsistent', 'the entry was acknowledged but is not in the log', {
            status: 503,
          }),
        );
        return;
      }
      const e = this.replay.entries[index]!;
      p.resolve({
        index,
        leafHash: p.leaf,
        existed,
        status: e.status,
        problems: e.problems,
        size: this.replay.size,
      });
    };
    for (const [i, p] of accepted.entries()) answer(p, results[i]!.existed);
    for (const p of known) answer(p, true);
  }

  /**
   * Sign a checkpoint of the current tree (serialized with appends), send it to every witness of the trust
   * policy that has a URL, and store the cosignatures that verify. Each such witness gets an outcome in the
   * answer; one that is down or refuses is reported, and the checkpoint stands with the cosignatures it got.
   */
  async checkpoint(): Promise<{ size: number; note: string; witnesses: WitnessOutcome[] }> {
    const signed = await this.exclusive(async () => {
      const { checkpoint, note } = await checkpointLog(this.store, this.logKey);
      return { size: checkpoint.size, note };
    });
    if (this.policy.witnessUrls.size === 0) return { ...signed, witnesses: [] };
    const pushed = await pushCheckpoint(this.store, this.policy, signed.note, this.witnessPush);
    for (const o of pushed.outcomes) {
      this.witnessOutcomes.set(o.name, o);
      if (o.outcome !== 'cosigned') this.witnessPush.report?.(o);
    }
    const note =
      pushed.cosignatures.length === 0
        ? signed.note
        : await this.exclusive(() => addCosignatures(this.store, signed.size, pushed.cosignatures));
    return { size: signed.size, note, witnesses: pushed.outcomes };
  }

  /**
   * How `statement` would fare if `account` signed and submitted it now, without signing or storing
   * anything: the session speaks for its actor (403 otherwise), then the log's rules as a trial. Run after
   * the replay has caught up, so the verdict is about the log as it is.
   */
  async check(account: Account, statement: Statement): Promise<TrialVerdict> {
    authorizeStatement(account, statement);
    return this.exclusive(async () => {
      await this.catchUp();
      return this.replay.trialUnsigned(statement);
    });
  }

  /**
   * The replay of the first `size` entries (the current replay when that is its size), and the root of that
   * prefix, so an evaluation can be recomputed as it stood at any earlier size.
   */
  async replayAt(size: number): Promise<{ replay: LedgerReplay; root: string }> {
    if (size === this.replay.size) return { replay: this.replay, root: toBase64(this.tree.root(size)) };
    if (size > this.replay.size)
      throw new AccordError(
        'size-beyond-log',
        `the log has ${plural(this.replay.size, 'entry', 'entries')}, not ${size}`,
        {
          status: 400,
        },
      );
    const replay = new LedgerReplay({
      origin: this.store.origin,
      ...(this.replay.governance ? { governance: this.replay.governance } : {}),
      check: this.signatureCheck,
    });
    for (let at = 0; at < size; at += 4096)
      for (const e of await this.store.entries(at, Math.min(size, at + 4096))) replay.add(e);
    return { replay, root: toBase64(this.tree.root(size)) };
  }

  /** Every witness of the trust policy: its URL, if any, and the last outcome this process saw. */
  witnesses(): { name: string; url: string | null; last: WitnessOutcome | null }[] {
    return [...this.policy.witnesses.keys()].map((name) => ({
      name,
      url: this.policy.witnessUrls.get(name) ?? null,
      last: this.witnessOutcomes.get(name) ?? null,
    }));
  }

  /** The tiles of the latest checkpoint (tlog-tiles paths → bytes), rebuilt when a newer one is signed. */
  async tiles(): Promise<Map<string, Buffer>> {
    const cp = await this.store.latestCheckpoint();
    if (!cp) return new Map();
    if (this.tileCache?.size !== cp.size)
      this.tileCache = { size: cp.size, files: await exportTiles(this.store) };
    else this.tileCache.files.set('checkpoint', Buffer.from(cp.note));
    return this.tileCache.files;
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
