/**
 * @module server/assess/feed-thread
 * An upload's bytes moved to its assessment thread as they arrive, never held whole: each chunk is copied
 * and transferred over the task's port, and while the thread is behind (more than HIGH bytes not yet
 * taken) the socket is not read, so TCP holds the client back. The upload is stopped when it passes its
 * size, stalls, or the client leaves; the thread is told to abort and the job fails with the reason.
 */
import type { MessagePort } from 'node:worker_threads';
import { type AssessLimits, classLimits } from '../assess-limits.js';
import type { AssessOutcome } from '../assess-worker.js';
import { HttpProblem } from '../problem-response.js';
import type { LocalJob } from './job-queue.js';
import { largerThanAnnounced, tooLarge, uploadAborted, uploadStalled } from './problems.js';
import type { UploadBody } from './upload.js';

const MiB = 1024 * 1024;
/**
 * Bytes handed to the worker and not yet taken before the socket is paused (and resumed below LOW): what an
 * upload may hold in memory beyond the socket's own buffers, however fast the client sends.
 */
export const HIGH = 4 * MiB;
const LOW = 1 * MiB;

/** What the thread says over the port (see assess-worker). */
interface ThreadMessage {
  t: string;
  n?: number;
  lines?: number;
  badRows?: number;
}

/** The thread's outcome, and the problem the upload was stopped with, if it was. */
export interface FedOutcome {
  outcome: AssessOutcome;
  stopped?: HttpProblem;
}

/**
 * Feed the upload to the thread running `outcome` over `port` until the body ends or is stopped; `save`
 * keeps the job's progress in its record.
 */
export async function feedThread(
  job: LocalJob,
  incoming: UploadBody,
  port: MessagePort,
  outcome: Promise<AssessOutcome>,
  limits: AssessLimits,
  save: (job: LocalJob) => void,
): Promise<FedOutcome> {
  const { rec } = job;
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
    port.postMessage({ t: 'abort', code: problem.code, message: problem.message });
    detach();
    incoming.pause();
  };
  const onData = (chunk: Buffer) => {
    lastData = Date.now();
    rec.bytesRead += chunk.length;
    if (rec.bytesRead > job.maxBytes) {
      stop(
        job.maxBytes < classLimits(limits, rec.who).maxBytes
          ? largerThanAnnounced(job.maxBytes, rec.bytesRead)
          : tooLarge(limits, rec.who, undefined),
      );
      return;
    }
    // A copy of its own (the chunk may be a view of a buffer Node reuses), moved to the thread: after
    // the transfer the copy here is empty, so its length is counted before.
    const copy = new Uint8Array(chunk);
    inFlight += copy.length;
    port.postMessage({ t: 'chunk', b: copy }, [copy.buffer]);
    if (inFlight > HIGH && !paused) {
      paused = true;
      incoming.pause();
    }
    save(job);
  };
  const onEnd = () => {
    ended = true;
    detach();
    port.postMessage({ t: 'end' });
  };
  const onClose = () => {
    if (!ended)
      stop(uploadAborted('the client closed the connection before the upload ended', 'the body ended early'));
  };
  port.on('message', (m: ThreadMessage) => {
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
      save(job);
    }
  });
  const idleMs = limits.idleMs;
  const idle = setInterval(
    () => {
      if (!ended && !paused && Date.now() - lastData > idleMs) stop(uploadStalled(idleMs));
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
    port.close();
  }
}
