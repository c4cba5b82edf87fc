/**
 * @module ledger/audit
 * The independent audit: from a log's raw material (a store or a directory of tiles) and the trust policy,
 * recompute every leaf and every stored hash, re-verify every checkpoint signature and cosignature, check
 * consistency between all checkpoints seen, replay every statement's signature, and (given the agreement)
 * re-run every logged milestone evaluation at the checkpoint it names. Every difference is reported with
 * where it is: entry index, tile path, checkpoint size.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Problem } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import type { Agreement } from '../agreement/index.js';
import { governanceOf } from '../agreement/index.js';
import type { DecisionRecord, NotCountedStatement } from '../evaluation/index.js';
import type { LedgerStore } from '../tlog/index.js';
import {
  auditStoreStructures,
  checkPolicy,
  decodeEntryBundle,
  entryBundlePath,
  hashEquals,
  leafHash,
  MemoryTree,
  parseCheckpoint,
  parseNote,
  quorumHolds,
  TILE_HEIGHT,
  TILE_WIDTH,
  type TileFetcher,
  type TrustPolicy,
  tileData,
  tilePath,
  tilesForSize,
  toBase64,
  verifyConsistency,
  verifyCosignatures,
  verifyNote,
} from '../tlog/index.js';
import { evaluatePrefix } from './evaluate-log.js';
import { decisions, notCounted } from './facts.js';
import { type LedgerReplay, replayLogParallel } from './replay.js';

/** What an audit found. `problems` empty means the log is exactly what its checkpoints and signatures say. */
export interface AuditReport {
  origin: string;
  size: number;
  root: string;
  checkpoints: { size: number; cosigners: string[]; quorum: boolean }[];
  entries: { total: number; counted: number };
  /**
   * The rules the statements were replayed under: the agreement's governance (R1–R9), or only the
   * structural rules (R1–R3) when no agreement was given.
   */
  rules: { agreement: string } | 'structural';
  /** Statements that do not count, by entry index, with the rule each broke and its signer. */
  notCounted: NotCountedStatement[];
  /** Joint decisions, in force or awaiting signatures, with the signatures verified. */
  decisions: DecisionRecord[];
  evaluations: { index: number; asOf: string; checkpointSize: number; reproduced: boolean }[];
  problems: Problem[];
}

/** Options: the trust policy (log and witness keys) and, to re-run evaluations, the agreement. */
export interface AuditOptions {
  policy: TrustPolicy;
  agreement?: Agreement;
  /** Entries read per round trip. */
  chunk?: number;
}

/** Where a stored hash lives: in a tile file when its level is a tile level, else inside one. */
function hashLocation(level: number, index: number): string {
  const l = Math.floor(level / TILE_HEIGHT);
  const n = Math.floor((index * 2 ** (level % TILE_HEIGHT)) / TILE_WIDTH);
  return level % TILE_HEIGHT === 0
    ? `${tilePath(l, n)} hash ${index % TILE_WIDTH}`
    : `inside ${tilePath(l, n)}`;
}

interface Collected {
  tree: MemoryTree;
  replay: LedgerReplay;
  entries: Buffer[];
}

/** Replay under the agreement's governance when one is given, else under the structural rules. */
function replayFor(origin: string, entries: Buffer[], options: AuditOptions): Promise<LedgerReplay> {
  return replayLogParallel(entries, {
    origin,
    ...(options.agreement && { governance: governanceOf(options.agreement) }),
  });
}

function problem(
  code: string,
  message: string,
  file: string,
  extra: Partial<Problem['where']> = {},
): Problem {
  return { code, message, where: { file, ...extra } };
}

/** Audit a stored log. */
export async function auditStore(store: LedgerStore, options: AuditOptions): Promise<AuditReport> {
  const problems: Problem[] = [];
  const size = await store.size();
  const chunk = options.chunk ?? 4096;
  const tree = new MemoryTree();
  const entries: Buffer[] = [];
  for (let start = 0; start < size; start += chunk) {
    const end = Math.min(size, start + chunk);
    const data = await store.entries(start, end);
    const leaves = await store.entryLeafHashes(start, end);
    if (data.length !== end - start) {
      problems.push(
        problem(
          'entry-missing',
          `entries ${start}..${end - 1}: ${end - start - data.length} are missing`,
          `entries ${start}`,
        ),
      );
    }
    for (const [j, e] of data.entries()) {
      const index = start + j;
      const lh = leafHash(e);
      if (!leaves[j] || !hashEquals(leaves[j]!, lh)) {
        problems.push(
          problem(
            'entry-leaf-hash-mismatch',
            `the stored leaf hash of entry ${index} does not match its bytes`,
            `entry ${index}`,
          ),
        );
      }
      tree.append(lh);
      entries.push(e);
    }
  }
  const beyond = await store.entries(size, size + 1);
  if (beyond.length > 0)
    problems.push(
      problem('size-mismatch', `the store holds entries beyond its recorded size ${size}`, `entry ${size}`),
    );
  // The store's own bookkeeping: no gaps, no leaf twice, and every lookup appends trust maps exactly these.
  const leaves = Array.from({ length: tree.size }, (_, i) => tree.read(0, i));
  problems.push(...(await auditStoreStructures(store, size, leaves, { chunk })));
  // Every stored hash must equal the recomputed one.
  for (let level = 0; 2 ** level <= size; level++) {
    const count = Math.floor(size / 2 ** level);
    for (let start = 0; start < count; start += chunk) {
      const end = Math.min(count, start + chunk);
      let stored: Buffer[];
      try {
        stored = await store.storedHashes(level, start, end);
      } catch {
        problems.push(
          problem(
            'node-missing',
            `stored hashes at level ${level} from ${start} are incomplete`,
            hashLocation(level, start),
          ),
        );
        continue;
      }
      for (const [j, h] of stored.entries()) {
        const index = start + j;
        if (!hashEquals(h, tree.read(level, index))) {
          problems.push(
            problem(
              'node-mismatch',
              `the stored hash at level ${level}, index ${index} is not the hash of its subtree`,
              hashLocation(level, index),
              {
                pointer: `/nodes/${level}/${index}`,
              },
            ),
          );
        }
      }
    }
  }
  const stored = await store.checkpoints();
  const notes = stored.map((c) => ({ note: c.note, where: `checkpoint ${c.size}`, claimedSize: c.size }));
  const replay = await replayFor(store.origin, entries, options);
  return finish(store.origin, { tree, replay, entries }, notes, options, problems);
}

/** Audit a directory (or mirror) of tiles: `checkpoint`, `tile/<L>/…` and `tile/entries/…`. */
export async function auditTiles(fetch: TileFetcher, options: AuditOptions): Promise<AuditReport> {
  const problems: Problem[] = [];
  const raw = fetch('checkpoint');
  if (!raw) {
    return {
      origin: '',
      size: 0,
      root: '',
      checkpoints: [],
      entries: { total: 0, counted: 0 },
      rules: options.agreement ? { agreement: options.agreement.id } : 'structural',
      notCounted: [],
      decisions: [],
      evaluations: [],
      problems: [problem('checkpoint-missing', 'the tiles have no checkpoint file', 'checkpoint')],
    };
  }
  const note = Buffer.from(raw).toString('utf8');
  const parsed = parseCheckpoint(note);
  if (!parsed.ok) {
    return {
      origin: '',
      size: 0,
      root: '',
      checkpoints: [],
      entries: { total: 0, counted: 0 },
      rules: options.agreement ? { agreement: options.agreement.id } : 'structural',
      notCounted: [],
      decisions: [],
      evaluations: [],
      problems: [
        problem(
          parsed.error.code,
          parsed.error.message,
          'checkpoint',
          parsed.error.line ? { line: parsed.error.line } : {},
        ),
      ],
    };
  }
  const size = parsed.checkpoint.size;
  const tree = new MemoryTree();
  const entries: Buffer[] = [];
  for (const t of tilesForSize(size).filter((x) => x.level === 0)) {
    const path = entryBundlePath(t.n, t.width);
    const bytes = fetch(path);
    const bundle = bytes ? decodeEntryBundle(bytes) : undefined;
    if (!bundle || bundle.length !== t.width) {
      problems.push(
        problem(
          'entry-bundle-invalid',
          bytes ? `the bundle does not hold ${t.width} length-prefixed entries` : 'the bundle is missing',
          path,
        ),
      );
      // Keep positions aligned so later problems name the right entries.
      for (let i = 0; i < t.width; i++) {
        const e = bundle?.[i] ?? Buffer.alloc(0);
        tree.append(leafHash(e));
        entries.push(e);
      }
      continue;
    }
    for (const e of bundle) {
      tree.append(leafHash(e));
      entries.push(e);
    }
  }
  for (const t of tilesForSize(size)) {
    const path = tilePath(t.level, t.n, t.width);
    const got = fetch(path);
    const want = tileData(tree.read, t);
    if (!got) problems.push(problem('tile-missing', 'the tile is missing', path));
    else if (!Buffer.from(got).equals(want)) {
      const at = [...Array(t.width).keys()].find(
        (i) =>
          !Buffer.from(got)
            .subarray(i * 32, i * 32 + 32)
            .equals(want.subarray(i * 32, i * 32 + 32)),
      );
      problems.push(
        problem(
          'tile-mismatch',
          `the tile differs from the recomputed tree${at === undefined ? ' (length)' : ` at hash ${at}`}`,
          path,
        ),
      );
    }
  }
  const replay = await replayFor(parsed.checkpoint.origin, entries, options);
  return finish(
    parsed.checkpoint.origin,
    { tree, replay, entries },
    [{ note, where: 'checkpoint', claimedSize: size }],
    options,
    problems,
  );
}

function finish(
  origin: string,
  c: Collected,
  notes: { note: string; where: string; claimedSize: number }[],
  options: AuditOptions,
  problems: Problem[],
): AuditReport {
  const { tree, replay } = c;
  const policy = options.policy;
  const { checkpoints, good } = verifyCheckpoints(origin, tree, notes, policy, problems);
  checkConsistency(tree, good, problems);
  const counted = replay.entries.filter((e) => e.counts).length;
  // A statement that breaks a rule is in the log as it should be (nothing is removed); it does not count.
  for (const e of replay.entries)
    if (e.status === 'not-counted') for (const p of e.problems) problems.push({ ...p, severity: 'warning' });
  const evaluations = options.agreement
    ? reRunEvaluations(origin, c, checkpoints, options.agreement, problems)
    : [];
  const latest = good.at(-1);
  if (latest && !checkPolicy(latest.note, policy).ok) {
    problems.push({
      ...problem(
        'checkpoint-quorum',
        `the latest checkpoint (${latest.size}) does not satisfy the trust policy quorum yet`,
        `checkpoint ${latest.size}`,
      ),
      severity: 'warning',
    });
  }
  return {
    origin,
    size: tree.size,
    root: toBase64(tree.root()),
    checkpoints,
    entries: { total: tree.size, counted },
    rules: options.agreement ? { agreement: options.agreement.id } : 'structural',
    notCounted: notCounted(replay),
    decisions: decisions(replay),
    evaluations,
    problems,
  };
}

/** A checkpoint whose log signature verified and whose root is the recomputed tree's. */
interface GoodCheckpoint {
  size: number;
  root: Buffer;
  note: string;
}

/** Verify each checkpoint note against the recomputed tree: log signature, origin, size, root, cosignatures. */
function verifyCheckpoints(
  origin: string,
  tree: MemoryTree,
  notes: { note: string; where: string; claimedSize: number }[],
  policy: TrustPolicy,
  problems: Problem[],
): { checkpoints: AuditReport['checkpoints']; good: GoodCheckpoint[] } {
  const witnessKeys = [...policy.witnesses.values()];
  const knownKeys = [...policy.logs, ...witnessKeys];
  const checkpoints: AuditReport['checkpoints'] = [];
  const good: GoodCheckpoint[] = [];
  for (const { note, where, claimedSize } of notes) {
    const parsedNote = parseNote(note);
    if (!parsedNote.ok) {
      problems.push(
        problem(
          parsedNote.error.code,
          parsedNote.error.message,
          where,
          parsedNote.error.line ? { line: parsedNote.error.line } : {},
        ),
      );
      continue;
    }
    const v = verifyNote(note, policy.logs);
    if (!v.ok) {
      problems.push(problem(v.error.code, `log signature: ${v.error.message}`, where));
      continue;
    }
    const cp = parseCheckpoint(v.note.text);
    if (!cp.ok) {
      problems.push(
        problem(cp.error.code, cp.error.message, where, cp.error.line ? { line: cp.error.line } : {}),
      );
      continue;
    }
    const { size, root } = cp.checkpoint;
    if (cp.checkpoint.origin !== origin)
      problems.push(
        problem('checkpoint-origin', `the checkpoint names ${cp.checkpoint.origin}, not ${origin}`, where, {
          line: 1,
        }),
      );
    if (size !== claimedSize)
      problems.push(
        problem('checkpoint-size', `stored as size ${claimedSize} but says ${size}`, where, { line: 2 }),
      );
    if (size > tree.size) {
      problems.push(
        problem(
          'checkpoint-beyond-log',
          `the checkpoint names ${plural(size, 'entry', 'entries')}; the log holds ${tree.size}`,
          where,
          { line: 2 },
        ),
      );
      continue;
    }
    if (!hashEquals(root, tree.root(size))) {
      problems.push(
        problem(
          'checkpoint-root-mismatch',
          `the root of the first ${plural(size, 'entry', 'entries')} is not the signed root`,
          where,
          { line: 3 },
        ),
      );
      continue;
    }
    for (const s of v.note.signatures) {
      if (!knownKeys.some((k) => k.name === s.name && k.keyId === s.keyId)) {
        problems.push(
          problem(
            'checkpoint-unknown-signature',
            `a signature line by ${s.name} matches no key in the policy`,
            where,
          ),
        );
      }
    }
    const cos = verifyCosignatures(v.note.text, v.note.signatures, witnessKeys);
    for (const b of cos.bad)
      problems.push(problem('cosignature-invalid', `the cosignature by ${b} does not verify`, where));
    const names = [...policy.witnesses.entries()]
      .filter(([, k]) => cos.valid.some((x) => x.witness === k))
      .map(([n]) => n);
    checkpoints.push({ size, cosigners: names, quorum: quorumHolds(policy, policy.quorum, new Set(names)) });
    good.push({ size, root, note });
  }
  return { checkpoints, good };
}

/** Consistency between every pair of successive checkpoints seen, with proofs from the recomputed tree. */
function checkConsistency(tree: MemoryTree, good: GoodCheckpoint[], problems: Problem[]): void {
  good.sort((a, b) => a.size - b.size);
  for (let i = 1; i < good.length; i++) {
    const a = good[i - 1]!;
    const b = good[i]!;
    if (a.size === 0) continue;
    const proof = tree.consistencyProof(a.size, b.size);
    if (!verifyConsistency(a.size, b.size, a.root, b.root, proof).ok) {
      problems.push(
        problem(
          'checkpoint-inconsistent',
          `checkpoint ${b.size} does not extend checkpoint ${a.size}`,
          `checkpoint ${b.size}`,
        ),
      );
    }
  }
}

/** Re-run every counted milestone evaluation of this agreement at the checkpoint it names. */
function reRunEvaluations(
  origin: string,
  { tree, replay, entries }: Collected,
  checkpoints: AuditReport['checkpoints'],
  agreement: Agreement,
  problems: Problem[],
): AuditReport['evaluations'] {
  const evaluations: AuditReport['evaluations'] = [];
  for (const e of replay.entries) {
    const s = e.signed?.statement;
    if (!e.counts || s?.type !== 'milestone-evaluation' || s.agreement !== agreement.id) continue;
    const where = `entry ${e.index}`;
    // The named prefix is trusted when it is the recomputed tree's prefix and a verified checkpoint
    // that meets the quorum covers it (that checkpoint's consistency with the prefix is the tree itself).
    const covered =
      s.checkpoint.size <= tree.size && toBase64(tree.root(s.checkpoint.size)) === s.checkpoint.root;
    const quorumCover = checkpoints.some((c) => c.quorum && c.size >= s.checkpoint.size);
    if (s.checkpoint.origin !== origin || !covered || !quorumCover) {
      problems.push(
        problem(
          'evaluation-checkpoint-unknown',
          `the evaluation names checkpoint ${s.checkpoint.size}, which is not a prefix of this log covered by a cosigned checkpoint`,
          where,
          { pointer: '/statement/checkpoint' },
        ),
      );
      evaluations.push({
        index: e.index,
        asOf: s.asOf,
        checkpointSize: s.checkpoint.size,
        reproduced: false,
      });
      continue;
    }
    try {
      const r = evaluatePrefix(agreement, entries, s.checkpoint, s.asOf as IsoDate);
      const same = r.resultSha256 === s.resultSha256;
      if (!same) {
        const diff = r.evaluation.milestones
          .filter((m) => s.milestones[m.id] !== m.status)
          .map((m) => `${m.id}: logged ${s.milestones[m.id] ?? 'absent'}, recomputed ${m.status}`);
        problems.push(
          problem(
            'evaluation-mismatch',
            `re-running the evaluation gives a different result${diff.length ? ` (${diff.join('; ')})` : ' (same statuses, different details)'}`,
            where,
            { pointer: '/statement/resultSha256' },
          ),
        );
      }
      evaluations.push({
        index: e.index,
        asOf: s.asOf,
        checkpointSize: s.checkpoint.size,
        reproduced: same,
      });
    } catch (err) {
      problems.push(problem('evaluation-not-reproducible', (err as Error).message, where));
      evaluations.push({
        index: e.index,
        asOf: s.asOf,
        checkpointSize: s.checkpoint.size,
        reproduced: false,
      });
    }
  }
  return evaluations;
}
