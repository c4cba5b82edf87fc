/**
 * @module server/assess/worker-pool
 * The assessment threads (piscina), started on the first job rather than with the server: a server that
 * never assesses a file never pays for the threads or their tariff engines.
 */
import type { Piscina } from 'piscina';
import type { AssessLimits } from '../assess-limits.js';
import type { AssessOutcome, AssessTask } from '../assess-worker.js';

/** A lazily started pool of assessment threads. */
export class AssessWorkers {
  private pool: Promise<Piscina<AssessTask, AssessOutcome>> | undefined;

  constructor(private readonly limits: AssessLimits) {}

  /** Stop the threads (jobs still running fail). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await (await pool).destroy();
  }

  /** The pool, started on first use; a task's port goes in its `transferList`. */
  start(): Promise<Piscina<AssessTask, AssessOutcome>> {
    this.pool ??= (async () => {
      const { Piscina } = await import('piscina');
      const here = import.meta.url;
      // From source the worker is the .ts file (loaded through tsx); built, it is the .js beside this folder.
      const fromSource = here.endsWith('.ts');
      const filename = new URL(fromSource ? '../assess-worker.ts' : '../assess-worker.js', here).href;
      // A process started through tsx passes it on to its threads; one that is not (a test runner) adds it.
      const needsTsx = fromSource && !process.execArgv.some((a) => a.includes('tsx'));
      let tsx = 'tsx';
      try {
        tsx = import.meta.resolve('tsx');
      } catch {
        // Not every loader offers import.meta.resolve; the bare name resolves from the working directory.
      }
      return new Piscina<AssessTask, AssessOutcome>({
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
}
