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
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { MessageChannel } from 'node:worker_threads';
import type { Problem } from '../_lib/problem.js';
import type { TrackSchedule } from '../evaluation/index.js';
import {
  type AssessLimits,
  type ClassLimits,
  classLimits,
  defaultAssessLimits,
  formatBytes,
  formatDuration,
  type Who,
} from './assess-limits.js';
import type { AssessOutcome, AssessTask } from './assess-worker.js';
import { AssessmentStore, type JobRecord, newJobId } from './assessment-store.js';
import { HttpProblem } from './problem-response.js';

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

/** An upload's body as it arrives: Node's request, or any byte stream with the request's headers. */
export type UploadBody = Readable & { headers: IncomingHttpHeaders; complete?: boolean };

/** Who is uploading: the key limits count by (account or address) and the class. */
export interface UploadClient {
  key: string;
  who: Who;
}

/** What the service needs from the server: an overlay's tracks, and whether an overlay exists. */
export interface OverlaySource {
  /** Throws a 404 problem for an unknown agreement. */
  check(overlay: string): void;
  tracks(overlay: string): Promise<{ key: string; tracks: TrackSchedule[] }>;
}

interface LocalJob {
  rec: JobRecord;
  /** The most bytes this upload may have (its class limit, or less when its size was announced). */
  maxBytes: number;
  /** Disk set aside for its results when it starts. */
  reservation: number;
  start?: () => void;
  lastSave: number;
  saving: boolean;
}

const MiB = 1024 * 1024;
/**
 * Bytes handed to the worker and not yet taken before the socket is paused (and resumed below LOW): what an
 * upload may hold in memory beyond the socket's own buffers, however fast the client sends.
 */
export const HIGH = 4 * MiB;
const LOW = 1 * MiB;
/** Problems (bad rows) and summary-table rows a job keeps. */
const KEEP_PROBLEMS = 200;
const KEEP_GROUPS = 100;

/** One assessment thread per core but one (the event loop keeps a core), at most 4. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

function clientDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A file name fit to show: no path, no control characters, at most 200 characters. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  return clean === '' ? 'upload.csv' : clean;
}

/** The request's Content-Length, when it has a valid one. */
export function contentLength(incoming: UploadBody): number | undefined {
  const h = incoming.headers['content-length'];
  return h !== undefined && /^\d{1,15}$/.test(h) ? Number(h) : undefined;
}

/** A job as the API shows it. */
export function jobJson(rec: JobRecord) {
  const base = `/api/assessments/${rec.id}`;
  const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
  return {
    id: rec.id,
    state: rec.state,
    who: rec.who,
    file: rec.file,
    ...(rec.overlay ? { overlay: rec.overlay } : {}),
    size: rec.size ?? null,
    bytesRead: rec.bytesRead,
    bytesAssessed: rec.bytesAssessed ?? 0,
    lines: rec.lines,
    badRows: rec.badRows,
    ...(rec.state === 'queued' && rec.ahead !== undefined ? { ahead: rec.ahead } : {}),
    createdAt: iso(rec.createdAt),
    ...(rec.finishedAt !== undefined ? { finishedAt: iso(rec.finishedAt) } : {}),
    ...(rec.expiresAt !== undefined ? { expiresAt: iso(rec.expiresAt) } : {}),
    status: base,
    ...(rec.state === 'created' ? { input: `${base}/input` } : {}),
    ...(rec.state === 'done'
      ? { results: `${base}/results.csv`, summary: rec.summary, problems: rec.problems ?? [] }
      : {}),
    ...(rec.state === 'failed' && rec.error ? { error: rec.error } : {}),
  };
}

/** Bulk-assessment jobs: admission, the queue, the worker threads, progress and results. */
export class AssessmentService {
  readonly limits: AssessLimits;
  readonly store: AssessmentStore;
  private readonly now: () => number;
  private readonly local = new Map<string, LocalJob>();
  private readonly queue: LocalJob[] = [];
  private running = 0;
  private pumping = false;
  private pumpAgain = false;
  private retry: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSweep = 0;
  private admissions: Promise<unknown> = Promise.resolve();
  private pool: Promise<import('piscina').Piscina> | undefined;

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
    // From the start, so results left by an earlier run (or another process) expire even if no job comes.
    this.startTimer();
  }

  /** Places for running jobs in this process. */
  private slots(): number {
    return this.limits.threads * this.limits.jobsPerThread;
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
    if (input.size !== undefined && input.size > lim.maxBytes) throw this.tooLarge(client.who, input.size);
    if (input.overlay) this.overlays.check(input.overlay);
    return this.serially(async () => {
      const active = await this.store.activeJobs();
      const digest = clientDigest(client.key);
      const mine = active.filter((r) => r.client === digest).length;
      if (mine >= lim.perClient) throw this.tooMany(client.who, mine);
      const all = active.filter((r) => r.who === client.who).length;
      if (all >= lim.total) throw this.full(client.who);
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
      throw this.tooLarge(waiting.who, declared);
    }
    if (declared !== undefined && waiting.size !== undefined && declared > waiting.size) {
      await this.store.drop(id);
      throw this.largerThanAnnounced(waiting.size, declared);
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
      body: Readable.toWeb(stream) as unknown as WebReadableStream<Uint8Array>,
    };
  }

  /** The problem for an unknown or expired job. */
  unknown(): HttpProblem {
    return new HttpProblem(
      404,
      'assessment-unknown',
      `no such assessment, or its results are no longer kept (they are kept ${formatDuration(this.limits.anonymous.keepMs)} for anonymous uploads and ${formatDuration(this.limits.signedIn.keepMs)} for signed-in ones, the oldest going first when their disk budget is full); upload the file again`,
    );
  }

  /** Remove expired results and orphans now (also done every minute). */
  sweep(): Promise<void> {
    return this.store.sweep();
  }

  /** Stop the timers and the worker threads. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).destroy();
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

  private async workers(): Promise<import('piscina').Piscina> {
    this.pool ??= (async () => {
      const { Piscina } = await import('piscina');
      const here = import.meta.url;
      // From source the worker is the .ts file (loaded through tsx); built, it is the .js beside this one.
      const fromSource = here.endsWith('.ts');
      const filename = new URL(fromSource ? './assess-worker.ts' : './assess-worker.js', here).href;
      // A process started through tsx passes it on to its threads; one that is not (a test runner) adds it.
      const needsTsx = fromSource && !process.execArgv.some((a) => a.includes('tsx'));
      let tsx = 'tsx';
      try {
        tsx = import.meta.resolve('tsx');
      } catch {
        // Not every loader offers import.meta.resolve; the bare name resolves from the working directory.
      }
      return new Piscina({
        filename,
        minThreads: this.limits.threads,
        maxThreads: this.limits.threads,
        concurrentTasksPerWorker: this.limits.jobsPerThread,
        // A thread that runs away is stopped (its jobs fail), not the server.
        resourceLimits: { maxOldGenerationSizeMb: 1024 },
        ...(needsTsx ? { execArgv: [...process.execArgv, '--import', tsx] } : {}),
      });
    })();
    return this.pool;
  }

  /** Wait for a place and disk, read and assess the upload, keep the outcome. */
  private async run(job: LocalJob, incoming: UploadBody): Promise<JobRecord> {
    const { rec } = job;
    rec.state = 'queued';
    this.local.set(rec.id, job);
    let started = false;
    try {
      await this.store.saveActive(rec);
      await this.waitForPlace(job, incoming);
      started = true;
      let result: { outcome: AssessOutcome; stopped?: HttpProblem };
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
    } catch (error) {
      if (!started && error instanceof HttpProblem && rec.state === 'queued') await this.failed(rec, error);
      throw error;
    } finally {
      this.local.delete(rec.id);
      const at = this.queue.indexOf(job);
      if (at >= 0) this.queue.splice(at, 1);
      if (started) {
        this.running--;
        void this.pump();
      }
    }
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

  /** Queue the job until a place and disk for its results are free; fails if the client leaves meanwhile. */
  private waitForPlace(job: LocalJob, incoming: UploadBody): Promise<void> {
    return new Promise((resolve, reject) => {
      const gone = () => {
        const at = this.queue.indexOf(job);
        if (at >= 0) this.queue.splice(at, 1);
        reject(
          new HttpProblem(
            400,
            'upload-aborted',
            'the client closed the connection while the upload waited for its turn',
            [
              {
                code: 'upload-aborted',
                message: 'the body never arrived',
                where: { file: 'body', pointer: '' },
              },
            ],
          ),
        );
      };
      incoming.once('close', gone);
      job.start = () => {
        incoming.off('close', gone);
        resolve();
      };
      this.queue.push(job);
      void this.pump();
    });
  }

  /** Start queued jobs while places are free: signed-in jobs first, then in order of arrival. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (this.running < this.slots() && this.queue.length > 0) {
          const active = await this.store.activeJobs();
          const order = [
            ...this.queue.filter((j) => j.rec.who === 'signed-in'),
            ...this.queue.filter((j) => j.rec.who === 'anonymous'),
          ];
          let next: LocalJob | undefined;
          for (const job of order) {
            if (await this.store.reserve(job.rec.who, job.reservation, active)) {
              next = job;
              break;
            }
          }
          if (!next) {
            // Disk is set aside for running jobs (perhaps in other processes); look again shortly.
            this.retry ??= setTimeout(() => {
              this.retry = undefined;
              void this.pump();
            }, 1_000);
            break;
          }
          this.queue.splice(this.queue.indexOf(next), 1);
          this.running++;
          next.rec.state = 'running';
          next.rec.reservedBytes = next.reservation;
          delete next.rec.ahead;
          await this.store.saveActive(next.rec).catch(() => {});
          next.start?.();
        }
        const order = [
          ...this.queue.filter((j) => j.rec.who === 'signed-in'),
          ...this.queue.filter((j) => j.rec.who === 'anonymous'),
        ];
        order.forEach((j, i) => {
          if (j.rec.ahead !== i) {
            j.rec.ahead = i;
            this.save(j, true);
          }
        });
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  /** Move the upload's bytes to a worker thread as they arrive; the worker's outcome. */
  private async stream(
    job: LocalJob,
    incoming: UploadBody,
  ): Promise<{ outcome: AssessOutcome; stopped?: HttpProblem }> {
    const { rec } = job;
    const overlay = rec.overlay ? await this.overlays.tracks(rec.overlay) : undefined;
    const pool = await this.workers();
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
    const outcome = pool.run(task, { transferList: [port2] as never }) as Promise<AssessOutcome>;
    let stopped: HttpProblem | undefined;
    let ended = false;
    let inFlight = 0;
    let paused = false;
    let lastData = Date.now();
    const detach = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('close', onClose);
      incoming.off('error', onClose);
    };
    const stop = (problem: HttpProblem) => {
      if (stopped || ended) return;
      stopped = problem;
      port1.postMessage({ t: 'abort', code: problem.code, message: problem.message });
      detach();
      incoming.pause();
    };
    const onData = (chunk: Buffer) => {
      lastData = Date.now();
      rec.bytesRead += chunk.length;
      if (rec.bytesRead > job.maxBytes) {
        stop(
          job.maxBytes < classLimits(this.limits, rec.who).maxBytes
            ? this.largerThanAnnounced(job.maxBytes, rec.bytesRead)
            : this.tooLarge(rec.who, undefined),
        );
        return;
      }
      // A copy of its own (the chunk may be a view of a buffer Node reuses), moved to the thread: after
      // the transfer the copy here is empty, so its length is counted before.
      const copy = new Uint8Array(chunk);
      inFlight += copy.length;
      port1.postMessage({ t: 'chunk', b: copy }, [copy.buffer]);
      if (inFlight > HIGH && !paused) {
        paused = true;
        incoming.pause();
      }
      this.save(job);
    };
    const onEnd = () => {
      ended = true;
      detach();
      port1.postMessage({ t: 'end' });
    };
    const onClose = () => {
      if (!ended)
        stop(
          new HttpProblem(400, 'upload-aborted', 'the client closed the connection before the upload ended', [
            { code: 'upload-aborted', message: 'the body ended early', where: { file: 'body', pointer: '' } },
          ]),
        );
    };
    port1.on('message', (m: { t: string; n?: number; lines?: number; badRows?: number }) => {
      if (m.t === 'ack') {
        inFlight -= m.n ?? 0;
        rec.bytesAssessed = (rec.bytesAssessed ?? 0) + (m.n ?? 0);
        if (paused && inFlight < LOW && !stopped) {
          paused = false;
          // Waiting on the thread is not the client's stall: the idle clock starts again.
          lastData = Date.now();
          incoming.resume();
        }
      } else if (m.t === 'progress') {
        rec.lines = m.lines ?? rec.lines;
        rec.badRows = m.badRows ?? rec.badRows;
        this.save(job);
      }
    });
    const idleMs = this.limits.idleMs;
    const idle = setInterval(
      () => {
        if (!ended && !paused && Date.now() - lastData > idleMs)
          stop(
            new HttpProblem(
              408,
              'upload-stalled',
              `no bytes arrived for ${formatDuration(idleMs)}; the upload was stopped (send the file again)`,
              [],
              { connection: 'close' },
            ),
          );
      },
      Math.min(5_000, idleMs),
    );
    idle.unref();
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('close', onClose);
    incoming.on('error', onClose);
    if (incoming.destroyed && !incoming.complete) onClose();
    try {
      const result = await outcome;
      return stopped ? { outcome: result, stopped } : { outcome: result };
    } catch (error) {
      stop(new HttpProblem(500, 'internal-error', 'the assessment failed'));
      throw error;
    } finally {
      clearInterval(idle);
      detach();
      port1.close();
    }
  }

  private tooLarge(who: Who, size: number | undefined): HttpProblem {
    const l = classLimits(this.limits, who);
    const what = who === 'anonymous' ? 'anonymous uploads are' : 'signed-in uploads are';
    const todo =
      who === 'anonymous'
        ? `split the file, or send it signed in (Authorization: Bearer <token>), where the limit is ${formatBytes(this.limits.signedIn.maxBytes)}`
        : 'split the file';
    return new HttpProblem(
      413,
      'upload-too-large',
      `${size !== undefined ? `this upload is ${formatBytes(size)}; ` : ''}${what} limited to ${formatBytes(l.maxBytes)}: ${todo}`,
      [
        {
          code: 'upload-too-large',
          message: `at most ${l.maxBytes} bytes (${formatBytes(l.maxBytes)}) for ${who} uploads`,
          params: { limit: l.maxBytes, who, ...(size !== undefined ? { size } : {}) },
        },
      ],
      // The rest of the body is not read, so the connection cannot be reused.
      { connection: 'close' },
    );
  }

  private largerThanAnnounced(announced: number, got: number): HttpProblem {
    return new HttpProblem(
      413,
      'upload-larger-than-announced',
      `the job was created for ${announced} bytes but the upload has ${got} or more; create a job with the file's size`,
      [
        {
          code: 'upload-larger-than-announced',
          message: `at most ${announced} bytes`,
          params: { limit: announced },
        },
      ],
      { connection: 'close' },
    );
  }

  private tooMany(who: Who, mine: number): HttpProblem {
    const l = classLimits(this.limits, who);
    const more =
      who === 'anonymous'
        ? `, or sign in (signed-in clients may have ${this.limits.signedIn.perClient})`
        : '';
    return new HttpProblem(
      429,
      'upload-concurrency',
      `you have ${mine} uploads waiting or running; ${who} clients may have ${l.perClient} at a time. Wait for one to finish (GET /api/assessments/{id} shows its progress)${more}`,
      [
        {
          code: 'upload-concurrency',
          message: `at most ${l.perClient} uploads at a time per ${who} client`,
          params: { limit: l.perClient, who, current: mine },
        },
      ],
      { 'retry-after': '10' },
    );
  }

  private full(who: Who): HttpProblem {
    const l = classLimits(this.limits, who);
    const more =
      who === 'anonymous' ? `; signed-in uploads have their own ${this.limits.signedIn.total} places` : '';
    return new HttpProblem(
      503,
      'upload-capacity',
      `the server is taking ${l.total} ${who} uploads already (its limit); retry in a minute${more}`,
      [
        {
          code: 'upload-capacity',
          message: `at most ${l.total} ${who} uploads waiting or running on this server`,
          params: { limit: l.total, who },
        },
      ],
      { 'retry-after': '30' },
    );
  }
}
