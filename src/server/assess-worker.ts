/**
 * @module server/assess-worker
 * The piscina worker that runs one bulk assessment off the server's event loop. The upload's bytes arrive
 * over a MessagePort as the server reads them from the socket (acknowledged, so the server can hold the
 * socket back while this thread is behind), go through `assessEntries`, and the results are written to a
 * file in the results directory. Progress (bytes, lines) goes back over the same port.
 *
 * Protocol on the port — from the server: `{ t: 'chunk', b }`, `{ t: 'end' }`, `{ t: 'abort', code, message }`;
 * to the server: `{ t: 'ack', n }` (n bytes taken), `{ t: 'progress', bytes, lines, badRows }`.
 */
import { open } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import { AccordError, isAccordError, type Problem } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import type { TrackSchedule } from '../evaluation/index.js';
import { assessEntries, createTariffEngine, summaryToJson, type TariffEngine } from '../tariff/index.js';

/** One assessment for the worker. */
export interface AssessTask {
  port: MessagePort;
  /** The upload's name, for problems. */
  file: string;
  /** Where the results CSV goes (a `.part` file the server renames when the job is done). */
  resultsPath: string;
  /** The most bytes the results may take (the disk reserved for them). */
  resultsCap: number;
  /** Agreement tracks to overlay, keyed by what they were evaluated from (engines are reused per key). */
  overlay?: { key: string; tracks: TrackSchedule[] };
  /** Problems (bad rows) kept for the answer; the rest are only counted. */
  keepProblems: number;
  /** Groups kept per summary table (the largest by duty); a file with a million importers stays small. */
  keepGroups: number;
}

/** The summary as JSON carries it, with tables cut to `keepGroups` rows and what was left out counted. */
export type SummaryJson = ReturnType<typeof summaryToJson> & {
  byOriginOmitted?: number;
  byImporterOmitted?: number;
};

/** What a task returns (errors are data: structured clone would lose an error's class). */
export type AssessOutcome =
  | { ok: true; summary: SummaryJson; problems: Problem[]; resultBytes: number; bytes: number }
  | { ok: false; code: string; message: string; problems: Problem[] };

const engines = new Map<string, TariffEngine>();

/** Engines are built once per thread (about 0.4 s each) and kept for the few overlays in use. */
function engineFor(overlay: AssessTask['overlay']): TariffEngine {
  const key = overlay?.key ?? '';
  let engine = engines.get(key);
  if (!engine) {
    engine = createTariffEngine(overlay ? { tracks: overlay.tracks } : {}, diskSource);
    if (engines.size >= 4) engines.delete(engines.keys().next().value!);
    engines.set(key, engine);
  }
  return engine;
}

/** The results file: counts what is written and stops writing past the cap (the reservation). */
class ResultsFile extends Writable {
  written = 0;
  failure: Error | undefined;

  constructor(
    private readonly handle: import('node:fs/promises').FileHandle,
    private readonly cap: number,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.written += chunk.length;
    // The writer never sees an error (assessEntries would wait for a 'drain' that never comes); the input
    // side stops the assessment instead, at the next chunk.
    if (this.failure) {
      done();
      return;
    }
    if (this.written > this.cap) {
      this.failure = new AccordError(
        'assessment-results-too-large',
        `the results would be larger than the ${this.cap} bytes set aside for this upload (results are at most a few times the upload); split the file`,
        { status: 422 },
      );
      done();
      return;
    }
    writeAll(this.handle, chunk).then(
      () => done(),
      (error: Error) => {
        this.failure = error;
        done();
      },
    );
  }
}

async function writeAll(handle: import('node:fs/promises').FileHandle, chunk: Buffer): Promise<void> {
  let off = 0;
  while (off < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, off, chunk.length - off);
    off += bytesWritten;
  }
}

/** The upload as an async sequence of chunks, acknowledged as they are taken. */
async function* uploadChunks(port: MessagePort, sink: ResultsFile): AsyncGenerator<Buffer> {
  const queue: Uint8Array[] = [];
  let ended = false;
  let aborted: AccordError | undefined;
  let wake: (() => void) | undefined;
  port.on('message', (m: { t: string; b?: Uint8Array; code?: string; message?: string }) => {
    if (m.t === 'chunk' && m.b) queue.push(m.b);
    else if (m.t === 'end') ended = true;
    else if (m.t === 'abort')
      aborted = new AccordError(m.code ?? 'upload-aborted', m.message ?? 'the upload was stopped');
    wake?.();
  });
  for (;;) {
    if (aborted) throw aborted;
    if (sink.failure) throw sink.failure;
    const b = queue.shift();
    if (b) {
      port.postMessage({ t: 'ack', n: b.length });
      yield Buffer.from(b.buffer, b.byteOffset, b.length);
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
}

/** Run one assessment; see the module comment for the protocol. */
export default async function assess(task: AssessTask): Promise<AssessOutcome> {
  const { port } = task;
  const handle = await open(task.resultsPath, 'w');
  const sink = new ResultsFile(handle, task.resultsCap);
  const problems: Problem[] = [];
  let badRows = 0;
  let lastProgress = 0;
  let lastLines = -1;
  let bytes = 0;
  try {
    const summary = await assessEntries({
      engine: engineFor(task.overlay),
      input: Readable.from(uploadChunks(port, sink), { objectMode: false }),
      file: task.file,
      output: sink,
      format: 'csv',
      onProblem: (p) => {
        badRows++;
        if (problems.length < task.keepProblems) problems.push(p);
      },
      onProgress: (b, lines) => {
        bytes = b;
        // Called every 65,536 lines, but also once a row while the line count stands still (bad rows, the
        // first rows): each new count is sent, the same count at most five times a second.
        const now = Date.now();
        if (lines === lastLines && now - lastProgress < 200) return;
        lastLines = lines;
        lastProgress = now;
        port.postMessage({ t: 'progress', bytes: b, lines, badRows });
      },
    });
    await new Promise<void>((resolve) => sink.end(resolve));
    if (sink.failure) throw sink.failure;
    port.postMessage({ t: 'progress', bytes, lines: summary.lines, badRows });
    const json = summaryToJson(summary) as SummaryJson;
    if (json.byOrigin.length > task.keepGroups) {
      json.byOriginOmitted = json.byOrigin.length - task.keepGroups;
      json.byOrigin = json.byOrigin.slice(0, task.keepGroups);
    }
    if (json.byImporter.length > task.keepGroups) {
      json.byImporterOmitted = json.byImporter.length - task.keepGroups;
      json.byImporter = json.byImporter.slice(0, task.keepGroups);
    }
    return { ok: true, summary: json, problems, resultBytes: sink.written, bytes };
  } catch (error) {
    if (!isAccordError(error)) throw error;
    return { ok: false, code: error.code, message: error.message, problems: [...error.problems] };
  } finally {
    port.close();
    await handle.close();
  }
}
