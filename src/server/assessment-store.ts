/**
 * @module server/assessment-store
 * Where bulk-assessment jobs and their results live: a directory every server process of one store shares
 * (`accord serve --workers N` forks processes that each may take the upload, answer a progress poll or serve
 * the download), so the job records are files, not memory.
 *
 *   active/<id>.created.json   a job waiting for its upload (any process may claim it, by renaming it)
 *   active/<id>.json           a job whose upload is being read or assessed (its owner rewrites it as it goes)
 *   anonymous/<id>.csv(.part)  results (`.part` while they are written); signed-in/ likewise
 *   anonymous/<id>.json        a finished job (summary, bad rows, or why it failed)
 *
 * A finished job's files carry their expiry as their modification time, so the sweep needs no reading.
 * Each class's results stay within its disk budget: a job starting sets aside room for its results, and the
 * oldest finished results of its class are removed to make it. Memory holds summaries only, at most
 * `memoryBytes` of them; the rest are read back from disk when asked for.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import {
  type FileHandle,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem } from '../_lib/problem.js';
import { type AssessLimits, classLimits, type Who } from './assess-limits.js';
import type { SummaryJson } from './assess-worker.js';

/** Where a job is. */
export type JobState = 'created' | 'queued' | 'running' | 'done' | 'failed';

/** A job as every process sees it. */
export interface JobRecord {
  id: string;
  state: JobState;
  who: Who;
  /** A digest of the client (account or address): limits count per client without storing who it is. */
  client: string;
  file: string;
  overlay?: string;
  /** The size the client announced, bytes. */
  size?: number;
  bytesRead: number;
  /** Bytes the assessment has taken (bytesRead less what waits for the thread). */
  bytesAssessed?: number;
  lines: number;
  badRows: number;
  /** Jobs ahead of this one while it waits for a thread (as its owner last saw). */
  ahead?: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  expiresAt?: number;
  /** Disk set aside for the results while the job runs, bytes. */
  reservedBytes: number;
  resultBytes?: number;
  summary?: SummaryJson;
  problems?: Problem[];
  error?: { status: number; code: string; message: string; problems: Problem[] };
}

/** Job ids: 80 random bits as hex (a capability: whoever has it may poll and download). */
export function newJobId(): string {
  return randomBytes(10).toString('hex');
}

const ID = /^[0-9a-f]{20}$/;
const CLASSES: readonly Who[] = ['anonymous', 'signed-in'];
/** A queued or running job whose owner has not rewritten it for this long is an orphan (its process died). */
export const STALE_MS = 30_000;

/** The shared job and results directory. */
export class AssessmentStore {
  private readonly memo = new Map<string, { rec: JobRecord; bytes: number }>();
  private memoBytes = 0;

  constructor(
    readonly dir: string,
    private readonly limits: AssessLimits,
    private readonly now: () => number,
  ) {
    for (const sub of ['active', ...CLASSES]) mkdirSync(join(dir, sub), { recursive: true });
  }

  /** The partial results file of a running job. */
  partPath(rec: Pick<JobRecord, 'id' | 'who'>): string {
    return join(this.dir, rec.who, `${rec.id}.csv.part`);
  }

  private activePath(id: string, created = false): string {
    return join(this.dir, 'active', `${id}${created ? '.created' : ''}.json`);
  }

  /**
   * Write a file whole or not at all (readers in other processes never see half a record), with its
   * modification time set first when given (a finished job's expiry: never, even for a moment, "now").
   */
  private async writeAtomic(path: string, text: string, mtimeMs?: number): Promise<void> {
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, text);
    if (mtimeMs !== undefined) await utimes(tmp, mtimeMs / 1000, mtimeMs / 1000);
    await rename(tmp, path);
  }

  /** Record a new job waiting for its upload. */
  async saveCreated(rec: JobRecord): Promise<void> {
    await this.writeAtomic(this.activePath(rec.id, true), JSON.stringify(rec));
  }

  /** Record a queued or running job's progress. */
  async saveActive(rec: JobRecord): Promise<void> {
    rec.updatedAt = this.now();
    await this.writeAtomic(this.activePath(rec.id), JSON.stringify(rec));
  }

  /** A job waiting for its upload, without claiming it. */
  async created(id: string): Promise<JobRecord | undefined> {
    if (!ID.test(id)) return undefined;
    return readJson(this.activePath(id, true));
  }

  /**
   * Claim a job waiting for its upload, for this process: the rename succeeds in exactly one process, so
   * two requests can never feed one job. Undefined when it is not waiting (claimed, expired or unknown).
   */
  async claim(id: string): Promise<JobRecord | undefined> {
    if (!ID.test(id)) return undefined;
    const rec = await this.created(id);
    if (!rec) return undefined;
    try {
      await rename(this.activePath(id, true), this.activePath(id));
    } catch {
      return undefined;
    }
    return rec;
  }

  /**
   * Every job waiting or running, in any process. Orphans (created jobs never fed in time, queued or running
   * jobs whose owner stopped rewriting them) are removed on the way.
   */
  async activeJobs(): Promise<JobRecord[]> {
    const dir = join(this.dir, 'active');
    const now = this.now();
    const out: JobRecord[] = [];
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) {
        if (name.endsWith('.tmp')) await removeIfOlder(join(dir, name), now - STALE_MS);
        continue;
      }
      const rec = await readJson<JobRecord>(join(dir, name));
      if (!rec) continue;
      const created = name.endsWith('.created.json');
      // A job just claimed (renamed, not yet rewritten by its new owner) still says 'created'.
      const stale = created
        ? rec.createdAt < now - this.limits.startWithinMs
        : rec.updatedAt < now - STALE_MS - (rec.state === 'created' ? this.limits.startWithinMs : 0);
      if (stale) {
        await rm(join(dir, name), { force: true });
        if (!created) await rm(this.partPath(rec), { force: true });
        continue;
      }
      out.push(rec);
    }
    return out;
  }

  /** A job by id: finished ones from memory or disk, waiting and running ones from disk. */
  async get(id: string): Promise<JobRecord | undefined> {
    if (!ID.test(id)) return undefined;
    const now = this.now();
    const hit = this.memo.get(id);
    if (hit) return (hit.rec.expiresAt ?? 0) > now ? hit.rec : undefined;
    for (const path of [this.activePath(id), this.activePath(id, true)]) {
      const rec = await readJson<JobRecord>(path);
      if (rec) return rec;
    }
    for (const who of CLASSES) {
      const rec = await readJson<JobRecord>(join(this.dir, who, `${id}.json`));
      if (!rec) continue;
      if ((rec.expiresAt ?? 0) <= now) return undefined;
      this.remember(rec);
      return rec;
    }
    return undefined;
  }

  /** Keep a finished job's record in memory, within the memory budget (oldest first out). */
  private remember(rec: JobRecord): void {
    const old = this.memo.get(rec.id);
    if (old) {
      this.memo.delete(rec.id);
      this.memoBytes -= old.bytes;
    }
    // JSON length × 2: a fair bound on the record's size in the heap.
    const bytes = JSON.stringify(rec).length * 2;
    this.memo.set(rec.id, { rec, bytes });
    this.memoBytes += bytes;
    while (this.memoBytes > this.limits.memoryBytes && this.memo.size > 0) {
      const [id, first] = this.memo.entries().next().value!;
      this.memo.delete(id);
      this.memoBytes -= first.bytes;
    }
  }

  /** Summaries held in memory now, bytes (for tests and the bench). */
  memoryInUse(): number {
    return this.memoBytes;
  }

  /**
   * A job's results are complete: keep them (and the record) until it expires. The record first, then the
   * results under their final name, each already carrying its expiry: a sweep or a budget check in another
   * process never sees a finished file that looks expired.
   */
  async finish(rec: JobRecord): Promise<void> {
    const expires = (rec.expiresAt ?? this.now()) / 1000;
    await this.writeFinished(rec);
    const part = this.partPath(rec);
    await utimes(part, expires, expires);
    await rename(part, join(this.dir, rec.who, `${rec.id}.csv`));
    await rm(this.activePath(rec.id), { force: true });
  }

  /** A job failed: keep why (the record) until it expires, not its partial results. */
  async fail(rec: JobRecord): Promise<void> {
    await rm(this.partPath(rec), { force: true });
    await this.writeFinished(rec);
    await rm(this.activePath(rec.id), { force: true });
  }

  /** Forget a job that never started (its upload was refused before any byte was read). */
  async drop(id: string): Promise<void> {
    await rm(this.activePath(id), { force: true });
    await rm(this.activePath(id, true), { force: true });
  }

  /** The finished record, with its expiry as modification time (the sweep decides by stat alone). */
  private async writeFinished(rec: JobRecord): Promise<void> {
    const json = join(this.dir, rec.who, `${rec.id}.json`);
    await this.writeAtomic(json, JSON.stringify(rec), rec.expiresAt ?? this.now());
    this.remember(rec);
  }

  /** Open a finished job's results for streaming; undefined when unknown, failed or expired. */
  async openResults(id: string): Promise<{ rec: JobRecord; handle: FileHandle; size: number } | undefined> {
    const rec = await this.get(id);
    if (rec?.state !== 'done') return undefined;
    let handle: FileHandle;
    try {
      handle = await open(join(this.dir, rec.who, `${id}.csv`), 'r');
    } catch {
      return undefined; // removed to make room for newer results
    }
    // Opened first, measured second: a file removed meanwhile stays readable through the handle.
    const { size } = await handle.stat();
    return { rec, handle, size };
  }

  /** Finished results of a class: id, bytes and expiry, oldest first. */
  private async finished(who: Who): Promise<{ id: string; bytes: number; expiresAt: number }[]> {
    const dir = join(this.dir, who);
    const out: { id: string; bytes: number; expiresAt: number }[] = [];
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.csv')) continue;
      const s = await stat(join(dir, name)).catch(() => undefined);
      if (s) out.push({ id: name.slice(0, -4), bytes: s.size, expiresAt: s.mtimeMs });
    }
    return out.sort((a, b) => a.expiresAt - b.expiresAt);
  }

  /**
   * Set aside `bytes` of the class's disk budget for a job about to run: expired results go, then the
   * oldest, until the class's finished results and running jobs' reservations leave room (and fewer than
   * `keptResults` results remain, so many tiny uploads cannot make every scan slow). False when the running
   * jobs alone leave none (the job waits for one to finish).
   */
  async reserve(who: Who, bytes: number, active: readonly JobRecord[]): Promise<boolean> {
    const { diskBytes: budget, keptResults } = classLimits(this.limits, who);
    const reserved = active
      .filter((r) => r.who === who && r.state === 'running')
      .reduce((s, r) => s + r.reservedBytes, 0);
    if (reserved + bytes > budget) return false;
    const now = this.now();
    const done = await this.finished(who);
    let used = reserved + done.reduce((s, f) => s + f.bytes, 0);
    let kept = done.length;
    for (const f of done) {
      if (used + bytes <= budget && kept < keptResults && f.expiresAt > now) break;
      await this.remove(who, f.id);
      used -= f.bytes;
      kept--;
    }
    return true;
  }

  private async remove(who: Who, id: string): Promise<void> {
    const old = this.memo.get(id);
    if (old) {
      this.memo.delete(id);
      this.memoBytes -= old.bytes;
    }
    await rm(join(this.dir, who, `${id}.csv`), { force: true });
    await rm(join(this.dir, who, `${id}.json`), { force: true });
  }

  /**
   * Remove what has expired: finished jobs past their time, orphaned active records and partial results
   * nobody is writing, and temporary files left by a crash.
   */
  async sweep(): Promise<void> {
    const now = this.now();
    const active = new Set((await this.activeJobs()).map((r) => r.id));
    for (const who of CLASSES) {
      const dir = join(this.dir, who);
      for (const name of await readdir(dir)) {
        const path = join(dir, name);
        const id = name.slice(0, 20);
        if (name.endsWith('.csv.part')) {
          if (!active.has(id)) await removeIfOlder(path, now - STALE_MS);
        } else if (name.endsWith('.tmp')) await removeIfOlder(path, now - STALE_MS);
        else if (name.endsWith('.csv') || name.endsWith('.json')) {
          const s = await stat(path).catch(() => undefined);
          if (s && s.mtimeMs <= now) await this.remove(who, id);
        }
      }
    }
    for (const [id, { rec }] of this.memo) if ((rec.expiresAt ?? 0) <= now) await this.remove(rec.who, id);
  }
}

async function readJson<T = JobRecord>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function removeIfOlder(path: string, before: number): Promise<void> {
  const s = await stat(path).catch(() => undefined);
  if (s && s.mtimeMs < before) await rm(path, { force: true });
}
