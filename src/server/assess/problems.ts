/**
 * @module server/assess/problems
 * The problems an upload is refused or stopped with. Each names the limit that was met and what the client
 * can do about it (split the file, sign in, wait), so a refusal is something to act on, not a dead end.
 */
import { type AssessLimits, classLimits, formatBytes, formatDuration, type Who } from '../assess-limits.js';
import { HttpProblem } from '../problem-response.js';

/** The problem for an unknown or expired job. */
export function unknownJob(limits: AssessLimits): HttpProblem {
  return new HttpProblem(
    404,
    'assessment-unknown',
    `no such assessment, or its results are no longer kept (they are kept ${formatDuration(limits.anonymous.keepMs)} for anonymous uploads and ${formatDuration(limits.signedIn.keepMs)} for signed-in ones, the oldest going first when their disk budget is full); upload the file again`,
  );
}

/** Over the class's size limit (`size` when it was announced). */
export function tooLarge(limits: AssessLimits, who: Who, size: number | undefined): HttpProblem {
  const l = classLimits(limits, who);
  const what = who === 'anonymous' ? 'anonymous uploads are' : 'signed-in uploads are';
  const todo =
    who === 'anonymous'
      ? `split the file, or send it signed in (Authorization: Bearer <token>), where the limit is ${formatBytes(limits.signedIn.maxBytes)}`
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

/** More bytes than the job was created for. */
export function largerThanAnnounced(announced: number, got: number): HttpProblem {
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

/** The client already has its jobs at once. */
export function tooMany(limits: AssessLimits, who: Who, mine: number): HttpProblem {
  const l = classLimits(limits, who);
  const more =
    who === 'anonymous' ? `, or sign in (signed-in clients may have ${limits.signedIn.perClient})` : '';
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

/** The class's places on this server are taken. */
export function full(limits: AssessLimits, who: Who): HttpProblem {
  const l = classLimits(limits, who);
  const more =
    who === 'anonymous' ? `; signed-in uploads have their own ${limits.signedIn.total} places` : '';
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

/** The client left: `detail` says when (waiting for a place, or part-way through the body). */
export function uploadAborted(message: string, detail: string): HttpProblem {
  return new HttpProblem(400, 'upload-aborted', message, [
    { code: 'upload-aborted', message: detail, where: { file: 'body', pointer: '' } },
  ]);
}

/** Nothing arrived for the idle limit. */
export function uploadStalled(idleMs: number): HttpProblem {
  return new HttpProblem(
    408,
    'upload-stalled',
    `no bytes arrived for ${formatDuration(idleMs)}; the upload was stopped (send the file again)`,
    [],
    { connection: 'close' },
  );
}
