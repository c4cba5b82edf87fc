/**
 * @module server/assess-limits
 * The limits on bulk-assessment uploads, for anonymous clients and for signed-in ones, and how they are
 * stated (on the page, in the API and in every problem that enforces them).
 *
 * Why these numbers (a 2-core server; assessment runs at about 29 MB of entry CSV per second per thread):
 * - 64 MiB for an anonymous upload holds a 1 M-line entry file (about 54 MiB) with room to spare, and is
 *   about 2 s of one assessment thread. 512 MiB for a signed-in one is about 9 M lines, 18 s.
 * - 2 uploads at a time per anonymous client (a page and a script, or two tabs); 24 anonymous uploads
 *   waiting or running per server: with one assessment thread the last of 24 full-size uploads waits about
 *   50 s, the longest wait worth showing a progress bar for. Signed-in clients have their own 16 places, so
 *   anonymous traffic cannot lock them out, and 4 at a time each.
 * - Results are kept 30 minutes (anonymous) or 24 hours (signed in): long enough to download, short enough
 *   that a busy hour does not pile up. They are kept on disk within 1 GiB for all anonymous results and
 *   4 GiB for signed-in ones; when a class's share is full its oldest results go first. Memory holds the
 *   summaries only (at most 16 MiB of them; the rest are read back from disk).
 * - A running job sets aside disk for its results: 3 times its upload (the realistic mix writes 1.9 times;
 *   short rows with long layer lists about 3 times), plus 1 MiB.
 */

/** Limits of one class of client. */
export interface ClassLimits {
  /** The largest upload, bytes. */
  maxBytes: number;
  /** Uploads one client may have waiting or running at once. */
  perClient: number;
  /** Uploads of this class the server takes at once (waiting or running), over all clients and processes. */
  total: number;
  /** How long results are kept after the job finishes, milliseconds. */
  keepMs: number;
  /** Disk for this class's finished results and running jobs, bytes. */
  diskBytes: number;
  /** Finished results kept at most (the oldest go first). */
  keptResults: number;
}

/** Every limit on bulk assessment. */
export interface AssessLimits {
  anonymous: ClassLimits;
  signedIn: ClassLimits;
  /** Summaries kept in memory, bytes (as JSON). */
  memoryBytes: number;
  /** Assessment threads per server process. */
  threads: number;
  /** Jobs one thread interleaves (a slow upload then holds a place, not a core). */
  jobsPerThread: number;
  /** Results set aside per upload byte. */
  resultsPerByte: number;
  /** A job created for an upload that never starts is dropped after this long, milliseconds. */
  startWithinMs: number;
  /** The server stops reading an upload that sends nothing for this long, milliseconds. */
  idleMs: number;
  /**
   * A whole request, queue wait included, must arrive within this long, milliseconds: Node's own request
   * timeout (`server.requestTimeout`, 5 minutes unless the server sets another), stated with the rest.
   */
  requestMs: number;
}

/** Which class a client is in. */
export type Who = 'anonymous' | 'signed-in';

const MiB = 1024 * 1024;

/** The defaults (see the module comment for why). */
export function defaultAssessLimits(threads: number): AssessLimits {
  return {
    anonymous: {
      maxBytes: 64 * MiB,
      perClient: 2,
      total: 24,
      keepMs: 30 * 60_000,
      diskBytes: 1024 * MiB,
      keptResults: 1000,
    },
    signedIn: {
      maxBytes: 512 * MiB,
      perClient: 4,
      total: 16,
      keepMs: 24 * 3_600_000,
      diskBytes: 4096 * MiB,
      keptResults: 1000,
    },
    memoryBytes: 16 * MiB,
    threads,
    jobsPerThread: 4,
    resultsPerByte: 3,
    startWithinMs: 60_000,
    idleMs: 60_000,
    requestMs: 300_000,
  };
}

/** The limits of a class. */
export function classLimits(limits: AssessLimits, who: Who): ClassLimits {
  return who === 'signed-in' ? limits.signedIn : limits.anonymous;
}

/** Bytes as people read them: `64 MiB`, `1 GiB`, `12.5 MiB`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * MiB && n % (1024 * MiB) === 0) return `${n / (1024 * MiB)} GiB`;
  if (n >= MiB) return `${Number((n / MiB).toFixed(1))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} bytes`;
}

/** A duration as people read it: `30 minutes`, `24 hours`. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${Math.round(ms / 1000)} s`;
}

/** One class's limits in a sentence. */
export function describeClass(l: ClassLimits): string {
  return `files up to ${formatBytes(l.maxBytes)}, ${l.perClient} uploads at a time per client and ${l.total} across the server, results kept ${formatDuration(l.keepMs)} (within ${formatBytes(l.diskBytes)} for all of them; the oldest go first when it is full)`;
}

/** The limits as JSON (GET /api/assessments/limits, and each job's answer). */
export function limitsJson(limits: AssessLimits) {
  const one = (l: ClassLimits) => ({
    maxBytes: l.maxBytes,
    concurrentPerClient: l.perClient,
    concurrentTotal: l.total,
    keepSeconds: l.keepMs / 1000,
    resultsDiskBytes: l.diskBytes,
  });
  return {
    anonymous: one(limits.anonymous),
    signedIn: one(limits.signedIn),
    idleSeconds: limits.idleMs / 1000,
    requestSeconds: limits.requestMs / 1000,
    startWithinSeconds: limits.startWithinMs / 1000,
    threads: limits.threads,
    jobsPerThread: limits.jobsPerThread,
  };
}
