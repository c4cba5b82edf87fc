/**
 * @module server/context
 * Everything a running server holds: the agreements it serves, the log (store, log key, witness policy,
 * replayed registry), the accounts, and caches of pure results keyed by what they depend on (the log size),
 * so a read never recomputes an evaluation the log has not changed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { AccordError, hasErrors } from '../_lib/problem.js';
import { type Agreement, governanceOf, loadAgreement } from '../agreement/index.js';
import {
  type Evaluation,
  type EvaluationChange,
  evaluate,
  evaluationChanges,
  type Fact,
  parseFacts,
} from '../evaluation/index.js';
import {
  evaluateReplay,
  exportTiles,
  factsFromLog,
  type LedgerStore,
  type SignerKey,
  type TrustPolicy,
} from '../ledger/index.js';
import { createTariffEngine, type OverlayBasis, type TariffEngine } from '../tariff/index.js';
import { type Account, type ActorDirectory, newToken, type ServerRole, tokenDigest } from './actors.js';
import { type AssessLimitsOverride, AssessmentService } from './assessments.js';
import { LedgerService } from './ledger-service.js';
import { SessionKeys } from './sessions.js';
import { readState, saveAccount } from './state.js';

/** The examples shipped with the package (same depth from src/server and dist/server). */
export function examplesDir(): string {
  return fileURLToPath(new URL('../../examples/', import.meta.url));
}

/** One agreement the server serves, and where its facts come from. */
export interface ServedAgreement {
  agreement: Agreement;
  file: string;
  /** `ledger`: facts are the log's counted statements; `file`: a shipped facts file. */
  factsFrom: 'ledger' | 'file';
  facts: Fact[];
}

/** A size of the log and the root of that prefix (base64). */
export interface LogPoint {
  size: number;
  root: string;
}

/** The agreement whose facts come from the server's log. */
export const LEDGER_AGREEMENT = 'us-japan-milestones';

/** Load a shipped example agreement (and its facts file when its facts do not come from the log). */
export function loadServed(dir: string, factsFrom: 'ledger' | 'file'): ServedAgreement {
  const file = `${examplesDir()}${dir}/agreement.yaml`;
  const { agreement, problems } = loadAgreement(readFileSync(file), `examples/${dir}/agreement.yaml`);
  if (!agreement || hasErrors(problems)) throw new Error(`shipped agreement ${file} does not load`);
  let facts: Fact[] = [];
  if (factsFrom === 'file') {
    const parsed = parseFacts(
      readFileSync(`${examplesDir()}${dir}/facts.json`, 'utf8'),
      `examples/${dir}/facts.json`,
    );
    facts = parsed.facts;
  }
  return { agreement, file: `examples/${dir}/agreement.yaml`, factsFrom, facts };
}

/** What {@link ServerContext} needs. */
export interface ContextOptions {
  store: LedgerStore;
  logKey: SignerKey;
  policy: TrustPolicy;
  /** The policy as text (published at /api/ledger so verifiers can use it). */
  policyText: string;
  /** Where assessment jobs and results are kept (shared by worker processes); default a temporary folder. */
  resultsDir?: string;
  /** Bulk-assessment limits other than the defaults, and a clock for their expiry (tests). */
  assessments?: { limits?: AssessLimitsOverride; now?: () => number };
  /** The state file, so new accounts persist (and other workers can load them). */
  statePath?: string;
  directory: ActorDirectory;
}

/** The running server's state. */
export class ServerContext {
  readonly ledger: LedgerService;
  readonly directory: ActorDirectory;
  readonly agreements = new Map<string, ServedAgreement>();
  private readonly baseEngine: TariffEngine;
  private evalCache = new Map<string, { size: number; evaluation: Evaluation }>();
  private engineCache = new Map<string, { size: number; engine: TariffEngine }>();
  private readonly dutyCache = new Map<string, string>();
  private tileCache: { size: number; files: Map<string, Buffer> } | undefined;
  private factsCache: { size: number; facts: Fact[] } | undefined;
  /** Bulk-assessment jobs: uploads streamed to worker threads, results on disk under a budget. */
  readonly assessments: AssessmentService;
  readonly policyText: string;
  /** Browser sessions: sealed cookies every process of this log can check, and their sign-outs. */
  readonly sessions: SessionKeys;
  private readonly statePath: string | undefined;
  private lastReload = 0;

  constructor(options: ContextOptions) {
    for (const [dir, from] of [
      [LEDGER_AGREEMENT, 'ledger'],
      ['us-japan-2025', 'file'],
    ] as const) {
      const s = loadServed(dir, from);
      this.agreements.set(s.agreement.id, s);
    }
    // The log is replayed under the governance of the agreement it records.
    const governance = governanceOf(this.agreement(LEDGER_AGREEMENT).agreement);
    this.ledger = new LedgerService(options.store, options.logKey, options.policy, governance);
    this.directory = options.directory;
    this.policyText = options.policyText;
    this.statePath = options.statePath;
    this.sessions = new SessionKeys(
      options.logKey.seed,
      options.statePath ? `${options.statePath}.signed-out` : undefined,
    );
    this.baseEngine = createTariffEngine();
    this.assessments = new AssessmentService(
      {
        ...(options.resultsDir ? { dir: options.resultsDir } : {}),
        ...options.assessments,
      },
      {
        check: (overlay) => void this.agreement(overlay),
        tracks: async (overlay) => {
          // Evaluated here (it reads the log); the worker builds the engine from the tracks.
          const ev = await this.evaluation(overlay);
          return { key: `${overlay}|${ev.ledger?.size ?? 0}`, tracks: ev.tracks };
        },
      },
    );
  }

  /** The log size a duty answer with this overlay depends on (0 when it depends on none). */
  dutyDependency(overlay: string | undefined): number {
    return overlay && this.agreement(overlay).factsFrom === 'ledger' ? this.ledger.replay.size : 0;
  }

  /**
   * Memoize a duty answer (a pure function of the line, the rule base and, with an overlay, the log size):
   * repeated lookups of the same line are the common case for brokers and dashboards.
   */
  async memoDuty(key: string, overlay: string | undefined, compute: () => Promise<string>): Promise<string> {
    const k = `${overlay ?? ''}|${this.dutyDependency(overlay)}|${key}`;
    const hit = this.dutyCache.get(k);
    if (hit !== undefined) return hit;
    const value = await compute();
    // Bounded: answers are ~6 KB each, and a big memo costs more in garbage collection than it saves.
    if (this.dutyCache.size >= 4096) this.dutyCache.clear();
    this.dutyCache.set(k, value);
    return value;
  }

  /** The tiles of the latest checkpoint (tlog-tiles paths → bytes), rebuilt when a newer one is signed. */
  async tiles(): Promise<Map<string, Buffer>> {
    const cp = await this.ledger.store.latestCheckpoint();
    if (!cp) return new Map();
    if (this.tileCache?.size !== cp.size)
      this.tileCache = { size: cp.size, files: await exportTiles(this.ledger.store) };
    else this.tileCache.files.set('checkpoint', Buffer.from(cp.note));
    return this.tileCache.files;
  }

  /**
   * Create an account for an actor (governments do this through the API): a new token, returned once; only
   * its digest is kept, in the state file. Which commitments a firm reports on is the agreement's to say
   * (`commitments[].reporter`, rule R5), not the account's: a list given here must be exactly that.
   */
  createAccount(input: { id: string; name: string; role: ServerRole; commitments?: string[] }): string {
    const assigned = this.commitmentsOf(input.id);
    const given = input.commitments;
    if (
      given !== undefined &&
      given.length > 0 &&
      [...given].sort().join(',') !== [...assigned].sort().join(',')
    )
      throw new AccordError(
        'commitments-assigned-by-agreement',
        `${LEDGER_AGREEMENT} assigns ${input.id} ${assigned.length ? `the commitments ${assigned.join(', ')}` : 'no commitments'} (commitments[].reporter); an account cannot claim others`,
        {
          status: 422,
          problems: [
            {
              code: 'commitments-assigned-by-agreement',
              message: 'leave commitments out',
              where: { pointer: '/commitments' },
            },
          ],
        },
      );
    if (input.role !== 'firm' && assigned.length > 0)
      throw new AccordError('account-role', `${LEDGER_AGREEMENT} names ${input.id} as a reporting firm`, {
        status: 422,
        problems: [{ code: 'account-role', message: 'use role firm', where: { pointer: '/role' } }],
      });
    const token = newToken();
    const account: Account = { ...input, commitments: assigned, tokenSha256: tokenDigest(token) };
    if (this.statePath) saveAccount(this.statePath, account);
    this.directory.add(account);
    return token;
  }

  /** The commitments the ledger's agreement assigns to an actor (R5). */
  commitmentsOf(actor: string): string[] {
    return [...(this.ledger.replay.governance?.commitmentsOf.get(actor) ?? [])];
  }

  /** Re-read accounts from the state file (at most once a second), so a worker learns of new accounts. */
  reloadAccounts(now = Date.now()): boolean {
    if (!this.statePath || now - this.lastReload < 1000) return false;
    this.lastReload = now;
    for (const a of readState(this.statePath).directory.list()) this.directory.add(a);
    return true;
  }

  /** Replay the log before serving. */
  async start(): Promise<void> {
    await this.ledger.sync();
  }

  /** Stop what runs beside requests (the assessment threads and timers). */
  async close(): Promise<void> {
    await this.assessments.close();
  }

  /** An agreement by id, or a 404 problem. */
  agreement(id: string): ServedAgreement {
    const a = this.agreements.get(id);
    if (!a)
      throw new AccordError('agreement-unknown', `no agreement ${id}; GET /api/agreements lists them`, {
        status: 404,
      });
    return a;
  }

  /** The facts an agreement is evaluated on now (the log's counted statements, or its file). */
  async factsOf(served: ServedAgreement): Promise<Fact[]> {
    if (served.factsFrom === 'file') return served.facts;
    await this.ledger.sync();
    return this.logFacts(this.ledger.replay.size);
  }

  /** The log's facts at the replay's current size (remembered for that size). */
  private logFacts(size: number): Fact[] {
    if (this.factsCache?.size !== size)
      this.factsCache = { size, facts: factsFromLog(this.ledger.replay).facts };
    return this.factsCache.facts;
  }

  /** The latest date any fact is recorded on (the default as-of date, so answers are reproducible). */
  latestFactDate(facts: readonly Fact[]): IsoDate {
    let latest = '2025-09-04';
    for (const f of facts) {
      const r = (f as { recorded?: string }).recorded;
      if (r && r > latest) latest = r;
    }
    return latest as IsoDate;
  }

  /** The date an evaluation is as of: the one asked for (a 400 at /asOf when it is not a date), else the latest fact's. */
  private asOfDate(asOfText: string | undefined, facts: readonly Fact[]): IsoDate {
    if (asOfText === undefined || asOfText === '') return this.latestFactDate(facts);
    const d = parseIsoDate(asOfText);
    if (!d)
      throw new AccordError('as-of-invalid', `asOf must be a date YYYY-MM-DD (got "${asOfText}")`, {
        problems: [{ code: 'as-of-invalid', message: 'expected YYYY-MM-DD', where: { pointer: '/asOf' } }],
      });
    return d;
  }

  /** Evaluate an agreement as of a date (default: its latest fact), cached by log size. */
  async evaluation(id: string, asOfText?: string, variant?: string): Promise<Evaluation> {
    const served = this.agreement(id);
    if (served.factsFrom === 'ledger') await this.ledger.sync();
    // From here on nothing awaits: the facts, the default date and the result all belong to one log size.
    const view = served.factsFrom === 'ledger' ? this.ledger.view() : undefined;
    const facts = view ? this.logFacts(view.size) : served.facts;
    const asOf = this.asOfDate(asOfText, facts);
    if (variant && !(served.agreement.term.variants ?? []).some((v) => v.id === variant)) {
      const known = (served.agreement.term.variants ?? []).map((v) => v.id).join(', ') || 'none';
      throw new AccordError('variant-unknown', `${id} has no term variant ${variant} (variants: ${known})`, {
        problems: [
          { code: 'variant-unknown', message: `known variants: ${known}`, where: { pointer: '/variant' } },
        ],
      });
    }
    const size = view?.size ?? 0;
    const key = `${id}|${asOf}|${variant ?? ''}`;
    const hit = this.evalCache.get(key);
    if (hit && hit.size === size) return hit.evaluation;
    const evaluation = view
      ? evaluateReplay(served.agreement, view.replay, view.root, asOf, variant ? { variant } : {}).evaluation
      : evaluate(served.agreement, facts, asOf, variant ? { variant } : {});
    if (this.evalCache.size > 256) this.evalCache.clear();
    this.evalCache.set(key, { size, evaluation });
    return evaluation;
  }

  /**
   * What changed in an agreement's evaluation between two sizes of the log (`to` defaults to now), both
   * evaluated as of one date (default: the latest fact at `to`), so only the statements in between differ.
   */
  async changes(
    id: string,
    from: number,
    to?: number,
    asOfText?: string,
  ): Promise<{ from: LogPoint; to: LogPoint; asOf: IsoDate; changes: EvaluationChange[] }> {
    const served = this.agreement(id);
    if (served.factsFrom !== 'ledger')
      throw new AccordError(
        'agreement-not-on-log',
        `${id} is evaluated from a facts file, not from the log; it has no log sizes to compare`,
        {
          status: 422,
          problems: [
            { code: 'agreement-not-on-log', message: `try ${LEDGER_AGREEMENT}`, where: { pointer: '/id' } },
          ],
        },
      );
    await this.ledger.sync();
    const size = this.ledger.view().size;
    const end = to ?? size;
    const bad = (pointer: string, message: string) =>
      new AccordError('size-out-of-range', message, {
        status: 400,
        problems: [{ code: 'size-out-of-range', message, where: { pointer } }],
      });
    if (end > size) throw bad('/to', `the log has ${size} entries; to must be at most ${size}`);
    if (from > end) throw bad('/from', `from (${from}) must not be after to (${end})`);
    const [a, b] = [await this.ledger.replayAt(from), await this.ledger.replayAt(end)];
    const asOf = this.asOfDate(asOfText, factsFromLog(b.replay).facts);
    const before = evaluateReplay(served.agreement, a.replay, a.root, asOf).evaluation;
    const after = evaluateReplay(served.agreement, b.replay, b.root, asOf).evaluation;
    return {
      from: { size: from, root: a.root },
      to: { size: end, root: b.root },
      asOf,
      changes: evaluationChanges(before, after),
    };
  }

  /**
   * The duty engine: the rule base alone, or with an agreement's tracks as evaluated now overlaid (the
   * milestone compromise is hypothetical, so overlays are asked for, never implied).
   */
  async engine(overlay?: string): Promise<TariffEngine> {
    return (await this.overlay(overlay)).engine;
  }

  /**
   * The duty engine with an overlay, and the log size its evaluation read (when its facts come from the
   * log), so an answer can name what it depends on.
   */
  async overlay(
    overlay?: string,
  ): Promise<{ engine: TariffEngine; ledgerSize?: number; basis?: OverlayBasis }> {
    if (!overlay) return { engine: this.baseEngine };
    const ev = await this.evaluation(overlay);
    const size = ev.ledger?.size ?? 0;
    const hit = this.engineCache.get(overlay);
    const engine = hit && hit.size === size ? hit.engine : createTariffEngine({ tracks: ev.tracks });
    if (engine !== hit?.engine) this.engineCache.set(overlay, { size, engine });
    // The agreement's status travels with every answer, so one that is not enacted is labelled hypothetical.
    const basis: OverlayBasis = {
      agreement: overlay,
      status: ev.agreement.status,
      ...(ev.ledger && { ledgerSize: ev.ledger.size }),
    };
    return { engine, basis, ...(ev.ledger && { ledgerSize: ev.ledger.size }) };
  }
}
