/**
 * @module server/assessments
 * Bulk assessment as jobs that cannot exhaust the server. An upload is never held whole: the server reads
 * the request body from the socket and hands each chunk to a worker thread (piscina) that assesses it as it
 * comes and writes the results to disk; while the thread is behind, the socket is not read (TCP holds the
 * client back). The event loop only moves bytes, so other clients are answered meanwhile.
 *
 * Every job is admitted under the limits of its class (anonymous or signed in, see assess-limits): its size,
 * the client's jobs at once and the class's jobs at once across every server process; a job waits for one of
 * `threads × jobsPerThread` places and for disk for its results, signed-in jobs first. Progress (bytes read,
 * lines assessed) is kept in the job's record, which any process can read (see assessment-store), so a page
 * polling any worker process sees it.
 *
 * Two ways in: `submit` (one request: the CSV in, the finished job out) and `create` + `feed` (the dashboard:
 * a job first, so the page knows what to poll while the file is sent).
 *
 * This is the service the routes call; its parts are in server/assess/: the upload's headers and client
 * (upload), the queue for places (job-queue), the threads (worker-pool), moving the bytes to a thread
 * (feed-thread), the refusals (problems) and the job as JSON (job-json).
 */
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { MessageChannel } from 'node:worker_threads';
import type { Problem } from '../_lib/problem.js';
import type { TrackSchedule } from '../evaluation/index.js';
import { type FedOutcome, feedThread } from './assess/feed-thread.js';
import { JobQueue, type LocalJob } from './assess/job-queue.js';
import { full, largerThanAnnounced, tooLarge, tooMany, unknownJob } from './assess/problems.js';
import {
  cleanName,
  clientDigest,
  contentLength,
  type UploadBody,
  type UploadClient,
} from './assess/upload.js';
import { AssessWorkers } from './assess/worker-pool.js';
import { type AssessLimits, type ClassLimits, classLimits, defaultAssessLimits } from './assess-limits.js';
import type { AssessTask } from './assess-worker.js';
import { AssessmentStore, type JobRecord, newJobId } from './assessment-store.js';
import { HttpProblem } from './problem-response.js';

export { HIGH } from './assess/feed-thread.js';
export { jobJson } from './assess/job-json.js';
export { contentLength, type UploadBody, type UploadClient } from './assess/upload.js';

/** Limits to change from the defaults (tests, and servers with other hardware). */
export type AssessLimitsOverride = Partial<Omit<AssessLimits, 'anonymous' | 'signedIn'>> & {
  anonymous?: Partial<ClassLimits>;
  signedIn?: Partial<ClassLimits>;
};

/** How the service is set up. */
export interface AssessmentOptions {
  /** The job and results directory (shared by a server's processes); default: a new temporary one. */
  dir?: string;
  limits?: AssessLimitsOverride;
  /** Milliseconds clock for expiry (injected so expiry is tested without waiting). */
  now?: () => number;
}

/** What the service needs from the server: an overlay's tracks, and whether an overlay exists. */
export interface OverlaySource {
  /** Throws a 404 problem for an unknown agreement. */
  check(overlay: string): void;
  tracks(overlay: string): Promise<{ key: string; tracks: TrackSchedule[] }>;
}

const MiB = 1024 * 1024;
/** Problems (bad rows) and summary-table rows a job keeps. */
const KEEP_PROBLEMS = 200;
const KEEP_GROUPS = 100;

/** One assessment thread per core but one (the event loop keeps a core), at most 4. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Bulk-assessment jobs: admission, the queue, the worker threads, progress and results. */
export class AssessmentService {
  readonly limits: AssessLimits;
  readonly store: AssessmentStore;
  private readonly now: () => number;
  private readonly local = new Map<string, LocalJob>();
  private readonly queue: JobQueue;
  private readonly workers: AssessWorkers;
  private timer: NodeJS.Timeout | undefined;
  private lastSweep = 0;
  private admissions: Promise<unknown> = Promise.resolve();

  constructor(
    options: AssessmentOptions,
    private readonly overlays: OverlaySource,
  ) {
    const base = defaultAssessLimits(defaultThreads());
    const o = options.limits ?? {};
    this.limits = {
      ...base,
      ...o,
      anonymous: { ...base.anonymous, ...o.anonymous },
      signedIn: { ...base.signedIn, ...o.signedIn },
    };
    this.now = options.now ?? Date.now;
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'accord-assessments-'));
    this.store = new AssessmentStore(dir, this.limits, this.now);
    this.queue = new JobQueue(this.limits, this.store, (job, force) => this.save(job, force));
    this.workers = new AssessWorkers(this.limits);
    // From the start, so results left by an earlier run (or another process) expire even if no job comes.
    this.startTimer();
  }

  /** Run admissions one at a time, so two requests cannot both take the last place. */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.admissions.then(fn, fn);
    this.admissions = run.catch(() => {});
    return run;
  }

  /**
   * Admit a job for a client, before any byte of the file is sent: 413 when the announced size is over the
   * class's limit, 429 when the client has its jobs at once, 503 when the class's places are taken.
   */
  async create(
    client: UploadClient,
    input: { file?: string; size?: number; overlay?: string },
  ): Promise<JobRecord> {
    const lim = classLimits(this.limits, client.who);
    if (input.size !== undefined && input.size > lim.maxBytes)
      throw tooLarge(this.limits, client.who, input.size);
    if (input.overlay) this.overlays.check(input.overlay);
    return this.serially(async () => {
      const active = await this.store.activeJobs();
      const digest = clientDigest(client.key);
      const mine = active.filter((r) => r.client === digest).length;
      if (mine >= lim.perClient) throw tooMany(this.limits, client.who, mine);
      const all = active.filter((r) => r.who === client.who).length;
      if (all >= lim.total) throw full(this.limits, client.who);
      const now = this.now();
      const rec: JobRecord = {
        id: newJobId(),
        state: 'created',
        who: client.who,
        client: digest,
        file: cleanName(input.file),
        ...(input.overlay ? { overlay: input.overlay } : {}),
        ...(input.size !== undefined ? { size: input.size } : {}),
        bytesRead: 0,
        lines: 0,
        badRows: 0,
        createdAt: now,
        updatedAt: now,
        reservedBytes: 0,
      };
      await this.store.saveCreated(rec);
      return rec;
    });
  }

  /** One request: admit, read and assess the body; the finished job, or the problem that stopped it. */
  async submit(
    client: UploadClient,
    input: { file?: string; overlay?: string },
    incoming: UploadBody,
  ): Promise<JobRecord> {
    const size = contentLength(incoming);
    const rec = await this.create(client, { ...input, ...(size !== undefined ? { size } : {}) });
    return this.feed(rec.id, client, incoming);
  }

  /** Read a created job's upload from the request and assess it; resolves when the job is done. */
  async feed(id: string, client: UploadClient, incoming: UploadBody): Promise<JobRecord> {
    const waiting = await this.store.created(id);
    if (!waiting) {
      const known = this.local.get(id)?.rec ?? (await this.store.get(id));
      if (known)
        throw new HttpProblem(
          409,
          'assessment-input-sent',
          `assessment ${id} already has its upload (it is ${known.state}); create a new job for another file`,
        );
      throw this.unknown();
    }
    if (waiting.client !== clientDigest(client.key))
      throw new HttpProblem(
        403,
        'assessment-not-yours',
        'this job was created by another client; send the file to a job you created (POST /api/assessments/jobs)',
      );
    const lim = classLimits(this.limits, waiting.who);
    const declared = contentLength(incoming);
    if (declared !== undefined && declared > lim.maxBytes) {
      await this.store.drop(id);
      throw tooLarge(this.limits, waiting.who, declared);
    }
    if (declared !== undefined && waiting.size !== undefined && declared > waiting.size) {
      await this.store.drop(id);
      throw largerThanAnnounced(waiting.size, declared);
    }
    const rec = await this.store.claim(id);
    if (!rec) throw new HttpProblem(409, 'assessment-input-sent', `assessment ${id} already has its upload`);
    const maxBytes = Math.min(lim.maxBytes, declared ?? rec.size ?? lim.maxBytes);
    if (declared !== undefined) rec.size = declared;
    const job: LocalJob = {
      rec,
      maxBytes,
      reservation: Math.ceil(this.limits.resultsPerByte * maxBytes) + MiB,
      lastSave: 0,
      saving: false,
    };
    return this.run(job, incoming);
  }

  /** A job by id (this process's live record first), or undefined when unknown or expired. */
  async status(id: string): Promise<JobRecord | undefined> {
    return this.local.get(id)?.rec ?? (await this.store.get(id));
  }

  /** A finished job's results as a stream from disk, with its size; undefined when unknown or expired. */
  async results(
    id: string,
  ): Promise<{ rec: JobRecord; size: number; body: WebReadableStream<Uint8Array> } | undefined> {
    const opened = await this.store.openResults(id);
    if (!opened) return undefined;
    const stream = opened.handle.createReadStream({ highWaterMark: 256 * 1024 });
    return {
      rec: opened.rec,
      size: opened.size,
      body: Readable.toWeb(stream),
    };
  }

  /** The problem for an unknown or expired job. */
  unknown(): HttpProblem {
    return unknownJob(this.limits);
  }

  /** Remove expired results and orphans now (also done every minute). */
  sweep(): Promise<void> {
    return this.store.sweep();
  }

  /** Stop the timers and the worker threads. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.queue.close();
    await this.workers.close();
  }

  private startTimer(): void {
    // Owners rewrite their jobs' records (so other processes know they are alive) and sweep now and then.
    this.timer = setInterval(() => {
      for (const job of this.local.values()) if (job.rec.state !== 'created') this.save(job, true);
      if (Date.now() - this.lastSweep >= 60_000) {
        this.lastSweep = Date.now();
        this.sweep().catch(() => {});
      }
    }, 5_000);
    // Never what keeps a process alive.
    this.timer.unref();
  }

  /** Save a job's record at most twice a second (or now, when `force`), never two writes at once. */
  private save(job: LocalJob, force = false): void {
    const t = Date.now();
    if (job.saving || (!force && t - job.lastSave < 500)) return;
    job.saving = true;
    job.lastSave = t;
    this.store
      .saveActive(job.rec)
      .catch(() => {})
      .finally(() => {
        job.saving = false;
      });
  }

  /** Wait for a place and disk, read and assess the upload, keep the outcome. */
  private async run(job: LocalJob, incoming: UploadBody): Promise<JobRecord> {
    const { rec } = job;
    rec.state = 'queued';
    this.local.set(rec.id, job);
    let started = false;
    try {
      await this.store.saveActive(rec);
      await this.queue.waitForPlace(job, incoming);
      started = true;
      let result: FedOutcome;
      try {
        result = await this.stream(job, incoming);
      } catch (error) {
        // The thread failed (not the input): record it, and let the server log the error as a 500.
        await this.finishFailed(rec, {
          status: 500,
          code: 'internal-error',
          message: 'the assessment failed',
        });
        throw error;
      }
      return await this.keep(rec, result);
    } catch (error) {
      if (!started && error instanceof HttpProblem && rec.state === 'queued') await this.failed(rec, error);
      throw error;
    } finally {
      this.local.delete(rec.id);
      this.queue.finished(job, started);
    }
  }

  /** Keep a job's outcome: done with its summary, or failed with the problem that stopped it. */
  private async keep(rec: JobRecord, result: FedOutcome): Promise<JobRecord> {
    const { outcome, stopped } = result;
    if (stopped) throw await this.failed(rec, stopped);
    if (rec.bytesRead === 0)
      throw await this.failed(
        rec,
        new HttpProblem(422, 'upload-empty', 'the upload is empty; send a CSV with a header row', [
          { code: 'upload-empty', message: 'no bytes received', where: { file: rec.file, row: 0 } },
        ]),
      );
    if (!outcome.ok)
      throw await this.failed(rec, new HttpProblem(422, outcome.code, outcome.message, outcome.problems));
    if (outcome.summary.lines === 0 && outcome.summary.badRows > 0)
      throw await this.failed(
        rec,
        new HttpProblem(
          422,
          'upload-no-valid-rows',
          `none of the ${outcome.summary.badRows} rows could be assessed; see the problems`,
          outcome.problems,
        ),
      );
    const now = this.now();
    rec.state = 'done';
    rec.lines = outcome.summary.lines;
    rec.badRows = outcome.summary.badRows;
    rec.summary = outcome.summary;
    rec.problems = outcome.problems;
    rec.resultBytes = outcome.resultBytes;
    rec.finishedAt = now;
    rec.expiresAt = now + classLimits(this.limits, rec.who).keepMs;
    await this.store.finish(rec);
    return rec;
  }

  /** Record why a job failed (kept like results, for the page to show) and return the problem to throw. */
  private async failed(rec: JobRecord, problem: HttpProblem): Promise<HttpProblem> {
    await this.finishFailed(rec, {
      status: problem.status,
      code: problem.code,
      message: problem.message,
      problems: [...problem.problems],
    });
    return problem;
  }

  private async finishFailed(
    rec: JobRecord,
    error: { status: number; code: string; message: string; problems?: Problem[] },
  ): Promise<void> {
    const now = this.now();
    rec.state = 'failed';
    rec.error = { ...error, problems: error.problems ?? [] };
    rec.finishedAt = now;
    rec.expiresAt = now + classLimits(this.limits, rec.who).keepMs;
    await this.store.fail(rec).catch(() => {});
  }

  /** Move the upload's bytes to a worker thread as they arrive; the worker's outcome. */
  private async stream(job: LocalJob, incoming: UploadBody): Promise<FedOutcome> {
    const { rec } = job;
    const overlay = rec.overlay ? await this.overlays.tracks(rec.overlay) : undefined;
    const pool = await this.workers.start();
    const { port1, port2 } = new MessageChannel();
    const task: AssessTask = {
      port: port2,
      file: rec.file,
      resultsPath: this.store.partPath(rec),
      resultsCap: job.reservation,
      ...(overlay ? { overlay } : {}),
      keepProblems: KEEP_PROBLEMS,
      keepGroups: KEEP_GROUPS,
    };
    const outcome = pool.run(task, { transferList: [port2] });
    return feedThread(job, incoming, port1, outcome, this.limits, (j) => this.save(j));
  }
}
