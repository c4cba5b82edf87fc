/**
 * @module server/assess/job-json
 * A job as the API shows it: the record's progress with the links a client follows next (its input while
 * it waits for one, its results once done), and nothing of the record that is the server's own.
 */
import type { JobRecord } from '../assessment-store.js';

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
