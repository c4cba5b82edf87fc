/**
 * @module tlog/witness
 * A witness (c2sp.org/tlog-witness@v1.0.0): cosigns a checkpoint only when it is consistent with the last
 * checkpoint it cosigned for that origin. The outcome of `add-checkpoint` is a typed result carrying the
 * protocol's HTTP status. The check-and-update is a compare-and-swap on the stored state, so two
 * concurrent requests can never roll the stored size back.
 */
import { type Checkpoint, parseCheckpoint } from './checkpoint.js';
import { cosign } from './cosignature.js';
import { EMPTY_ROOT, fromBase64, hashEquals, toBase64 } from './hash.js';
import type { SignerKey, VerifierKey } from './keys.js';
import { verifyConsistency } from './merkle.js';
import { formatNote, type NoteSignature, verifyNote } from './note.js';

/** What a witness remembers per origin: the last checkpoint it cosigned. */
export interface WitnessRecord {
  size: number;
  root: Buffer;
  /** The cosigned checkpoint note, for `old 0` callers and audits. */
  note: string;
}

/** Durable witness state; `swap` succeeds only if the stored record still equals `expected`. */
export interface WitnessStateStore {
  get(origin: string): Promise<WitnessRecord | undefined>;
  /** Atomically replace `expected` (undefined = nothing stored) by `next`; false if someone else won. */
  swap(origin: string, expected: WitnessRecord | undefined, next: WitnessRecord): Promise<boolean>;
}

/** An in-memory state store (tests, short-lived witnesses). */
export class MemoryWitnessState implements WitnessStateStore {
  private readonly records = new Map<string, WitnessRecord>();
  async get(origin: string): Promise<WitnessRecord | undefined> {
    return this.records.get(origin);
  }
  async swap(origin: string, expected: WitnessRecord | undefined, next: WitnessRecord): Promise<boolean> {
    const cur = this.records.get(origin);
    const same =
      cur === undefined
        ? expected === undefined
        : expected !== undefined && cur.size === expected.size && hashEquals(cur.root, expected.root);
    if (!same) return false;
    this.records.set(origin, next);
    return true;
  }
}

/** The typed outcomes of `add-checkpoint` (reference a.7). */
export type AddCheckpointResult =
  | { status: 200; cosignature: NoteSignature; body: string; checkpoint: Checkpoint }
  | { status: 400; code: 'bad-request' | 'old-beyond-size'; message: string }
  | { status: 403; code: 'untrusted-signature'; message: string }
  | { status: 404; code: 'unknown-origin'; message: string }
  | { status: 409; code: 'old-size-mismatch'; message: string; size: number; body: string }
  | {
      status: 422;
      code: 'empty-tree-root' | 'proof-from-zero' | 'bad-consistency-proof' | 'same-size-different-root';
      message: string;
    };

/** The request of `add-checkpoint`: old size, consistency proof, signed checkpoint. */
export interface AddCheckpointRequest {
  old: number;
  proof: Buffer[];
  checkpoint: string;
}

/** Format an `add-checkpoint` request body. */
export function formatAddCheckpoint(r: AddCheckpointRequest): string {
  return `old ${r.old}\n${r.proof.map((p) => `${toBase64(p)}\n`).join('')}\n${r.checkpoint}`;
}

/** Parse an `add-checkpoint` request body. */
export function parseAddCheckpoint(
  body: string,
): { ok: true; request: AddCheckpointRequest } | { ok: false; message: string } {
  const end = body.indexOf('\n\n');
  if (end < 0)
    return { ok: false, message: 'the body is "old N", proof lines, a blank line, then the checkpoint' };
  const head = body.slice(0, end).split('\n');
  const m = /^old (0|[1-9][0-9]*)$/.exec(head[0] ?? '');
  if (!m) return { ok: false, message: 'the first line is "old <size>"' };
  const proofLines = head.slice(1);
  if (proofLines.length > 63) return { ok: false, message: 'at most 63 consistency proof lines' };
  const proof: Buffer[] = [];
  for (const l of proofLines) {
    const h = fromBase64(l);
    if (h?.length !== 32)
      return { ok: false, message: `proof line ${JSON.stringify(l)} is not a base64 hash` };
    proof.push(h);
  }
  return { ok: true, request: { old: Number(m[1]), proof, checkpoint: body.slice(end + 2) } };
}

/** Configuration of one witness. */
export interface WitnessOptions {
  /** The cosigner key (type 0x04). */
  key: SignerKey;
  /** Trusted log keys by origin. */
  logs: ReadonlyMap<string, readonly VerifierKey[]>;
  state: WitnessStateStore;
  /** Unix seconds (injected so tests are deterministic). */
  now?: () => number;
}

/** A witness that cosigns consistent checkpoints of the logs it trusts. */
export class Witness {
  constructor(private readonly options: WitnessOptions) {}

  /** The witness's name (its key name). */
  get name(): string {
    return this.options.key.name;
  }

  /** Handle an `add-checkpoint` request body (or a parsed request). */
  async addCheckpoint(input: string | AddCheckpointRequest): Promise<AddCheckpointResult> {
    let req: AddCheckpointRequest;
    if (typeof input === 'string') {
      const parsed = parseAddCheckpoint(input);
      if (!parsed.ok) return { status: 400, code: 'bad-request', message: parsed.message };
      req = parsed.request;
    } else {
      req = input;
    }
    const body = parseCheckpoint(req.checkpoint);
    if (!body.ok) return { status: 400, code: 'bad-request', message: body.error.message };
    const c = body.checkpoint;
    const keys = this.options.logs.get(c.origin);
    if (!keys)
      return { status: 404, code: 'unknown-origin', message: `this witness does not know ${c.origin}` };
    const verified = verifyNote(req.checkpoint, keys);
    if (!verified.ok) return { status: 403, code: 'untrusted-signature', message: verified.error.message };
    if (req.old > c.size) {
      return {
        status: 400,
        code: 'old-beyond-size',
        message: `old size ${req.old} exceeds checkpoint size ${c.size}`,
      };
    }
    const stored = await this.options.state.get(c.origin);
    const storedSize = stored?.size ?? 0;
    if (req.old !== storedSize) {
      return {
        status: 409,
        code: 'old-size-mismatch',
        message: `the last cosigned size is ${storedSize}`,
        size: storedSize,
        body: `${storedSize}\n`,
      };
    }
    if (c.size === 0 && !hashEquals(c.root, EMPTY_ROOT)) {
      return {
        status: 422,
        code: 'empty-tree-root',
        message: 'a size-0 checkpoint must carry the empty root',
      };
    }
    if (req.old === 0 && req.proof.length > 0) {
      return { status: 422, code: 'proof-from-zero', message: 'old 0 takes an empty proof' };
    }
    if (stored && req.old === c.size && !hashEquals(stored.root, c.root)) {
      return {
        status: 422,
        code: 'same-size-different-root',
        message: 'same size as cosigned before, different root',
      };
    }
    if (stored && req.old > 0 && req.old < c.size) {
      const r = verifyConsistency(req.old, c.size, stored.root, c.root, req.proof);
      if (!r.ok) return { status: 422, code: 'bad-consistency-proof', message: r.message };
    } else if (req.proof.length > 0) {
      return { status: 422, code: 'bad-consistency-proof', message: 'equal sizes take an empty proof' };
    }
    const text = verified.note.text;
    const sig = cosign(text, this.options.key, (this.options.now ?? (() => Math.floor(Date.now() / 1000)))());
    const note = formatNote({ text, signatures: [...verified.note.signatures, sig] });
    // The compare-and-swap is the atomic check-and-update: a concurrent request that won first makes ours fail.
    const swapped = await this.options.state.swap(c.origin, stored, { size: c.size, root: c.root, note });
    if (!swapped) {
      const now = await this.options.state.get(c.origin);
      const size = now?.size ?? 0;
      return {
        status: 409,
        code: 'old-size-mismatch',
        message: `the last cosigned size is ${size}`,
        size,
        body: `${size}\n`,
      };
    }
    const line = formatNote({ text: '', signatures: [sig] }).slice(1);
    return { status: 200, cosignature: sig, body: line, checkpoint: c };
  }
}
