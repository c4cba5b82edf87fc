/**
 * @module server/assess/job-queue
 * The jobs of this process waiting for one of its `threads × jobsPerThread` places, and disk set aside for
 * their results (perhaps taken by other processes' jobs): signed-in jobs start first, then in order of
 * arrival, and each waiting job's record says how many are ahead of it.
 */
import type { AssessLimits } from '../assess-limits.js';
import type { AssessmentStore, JobRecord } from '../assessment-store.js';
import { uploadAborted } from './problems.js';
import type { UploadBody } from './upload.js';

/** A job this process reads and assesses. */
export interface LocalJob {
  rec: JobRecord;
  /** The most bytes this upload may have (its class limit, or less when its size was announced). */
  maxBytes: number;
  /** Disk set aside for its results when it starts. */
  reservation: number;
  start?: () => void;
  lastSave: number;
  saving: boolean;
}

/** Places for running jobs in this process, and the jobs waiting for one. */
export class JobQueue {
  private readonly queue: LocalJob[] = [];
  private running = 0;
  private pumping = false;
  private pumpAgain = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: AssessLimits,
    private readonly store: AssessmentStore,
    /** Save a job's record (forced: now, not at most twice a second). */
    private readonly save: (job: LocalJob, force: boolean) => void,
  ) {}

  /** Queue the job until a place and disk for its results are free; fails if the client leaves meanwhile. */
  waitForPlace(job: LocalJob, incoming: UploadBody): Promise<void> {
    return new Promise((resolve, reject) => {
      const gone = () => {
        this.remove(job);
        reject(
          uploadAborted(
            'the client closed the connection while the upload waited for its turn',
            'the body never arrived',
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

  /** A job is over: out of the queue, and its place (when it had one) goes to the next. */
  finished(job: LocalJob, started: boolean): void {
    this.remove(job);
    if (started) {
      this.running--;
      void this.pump();
    }
  }

  /** Stop looking again for disk. */
  close(): void {
    if (this.retry) clearTimeout(this.retry);
  }

  private remove(job: LocalJob): void {
    const at = this.queue.indexOf(job);
    if (at >= 0) this.queue.splice(at, 1);
  }

  /** Signed-in jobs first, then in order of arrival. */
  private order(): LocalJob[] {
    return [
      ...this.queue.filter((j) => j.rec.who === 'signed-in'),
      ...this.queue.filter((j) => j.rec.who === 'anonymous'),
    ];
  }

  /** Start queued jobs while places are free, then tell each waiting job how many are ahead of it. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (this.running < this.limits.threads * this.limits.jobsPerThread && this.queue.length > 0) {
          if (!(await this.startNext())) break;
        }
        this.order().forEach((j, i) => {
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

  /** Start the first queued job whose results fit on disk; false when none does yet. */
  private async startNext(): Promise<boolean> {
    const active = await this.store.activeJobs();
    let next: LocalJob | undefined;
    for (const job of this.order()) {
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
      return false;
    }
    this.queue.splice(this.queue.indexOf(next), 1);
    this.running++;
    next.rec.state = 'running';
    next.rec.reservedBytes = next.reservation;
    delete next.rec.ahead;
    await this.store.saveActive(next.rec).catch(() => {});
    next.start?.();
    return true;
  }
}
