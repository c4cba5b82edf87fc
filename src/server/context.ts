/**
 * @module server/context
 * Everything a running server holds, as the services it is made of: the log (store, log key, witness
 * policy, replayed registry), the served agreements and their evaluations, the accounts, browser sessions,
 * bulk-assessment jobs and the duty memo. The API's routes take the services they need; the dashboard's
 * pages read them through this context, whose methods delegate to them.
 */
import type { IsoDate } from '../_lib/date.js';
import { governanceOf } from '../agreement/index.js';
import type { Evaluation, EvaluationChange, Fact } from '../evaluation/index.js';
import type { TariffEngine } from '../tariff/index.js';
import type { LedgerStore, SignerKey, TrustPolicy } from '../tlog/index.js';
import { AccountService, type NewAccount } from './accounts.js';
import type { ActorDirectory } from './actors.js';
import { type AssessLimitsOverride, AssessmentService } from './assessments.js';
import { DutyMemo } from './duty-memo.js';
import { EvaluationService, type OverlaidEngine } from './evaluations.js';
import { LedgerService } from './ledger-service.js';
import { LEDGER_AGREEMENT, type LogPoint, loadServedAgreements, type ServedAgreement } from './served.js';
import { SessionKeys } from './sessions.js';

export { examplesDir, LEDGER_AGREEMENT, type LogPoint, loadServed, type ServedAgreement } from './served.js';

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
  /** The served agreements, their evaluations and the duty engines they overlay. */
  readonly evaluations: EvaluationService;
  /** The actors' accounts, kept in step with the state file. */
  readonly accounts: AccountService;
  /** Duty answers as sent, keyed by what they depend on. */
  readonly dutyMemo: DutyMemo;
  /** Bulk-assessment jobs: uploads streamed to worker threads, results on disk under a budget. */
  readonly assessments: AssessmentService;
  readonly policyText: string;
  /** Browser sessions: sealed cookies every process of this log can check, and their sign-outs. */
  readonly sessions: SessionKeys;

  constructor(options: ContextOptions) {
    const served = loadServedAgreements();
    const recorded = served.get(LEDGER_AGREEMENT);
    if (!recorded) throw new Error(`the shipped agreement ${LEDGER_AGREEMENT} is missing`);
    // The log is replayed under the governance of the agreement it records.
    const governance = governanceOf(recorded.agreement);
    this.ledger = new LedgerService(options.store, options.logKey, options.policy, governance);
    this.evaluations = new EvaluationService(served, this.ledger);
    this.accounts = new AccountService(options.directory, this.ledger, options.statePath);
    this.dutyMemo = new DutyMemo(this.evaluations, this.ledger);
    this.policyText = options.policyText;
    this.sessions = new SessionKeys(
      options.logKey.seed,
      options.statePath ? `${options.statePath}.signed-out` : undefined,
    );
    this.assessments = new AssessmentService(
      {
        ...(options.resultsDir ? { dir: options.resultsDir } : {}),
        ...options.assessments,
      },
      {
        check: (overlay) => void this.evaluations.agreement(overlay),
        tracks: async (overlay) => {
          // Evaluated here (it reads the log); the worker builds the engine from the tracks.
          const ev = await this.evaluations.evaluation(overlay);
          return { key: `${overlay}|${ev.ledger?.size ?? 0}`, tracks: ev.tracks };
        },
      },
    );
  }

  /** The actors with accounts. */
  get directory(): ActorDirectory {
    return this.accounts.directory;
  }

  /** The served agreements by id. */
  get agreements(): ReadonlyMap<string, ServedAgreement> {
    return this.evaluations.agreements;
  }

  /** The log size a duty answer with this overlay depends on (0 when it depends on none). */
  dutyDependency(overlay: string | undefined): number {
    return this.dutyMemo.dependency(overlay);
  }

  /** A duty answer remembered as its JSON text (see {@link DutyMemo}). */
  memoDuty(key: string, overlay: string | undefined, compute: () => Promise<string>): Promise<string> {
    return this.dutyMemo.get(key, overlay, compute);
  }

  /** The tiles of the latest checkpoint (tlog-tiles paths → bytes). */
  tiles(): Promise<Map<string, Buffer>> {
    return this.ledger.tiles();
  }

  /** Create an account and return its token, shown once (see {@link AccountService.create}). */
  createAccount(input: NewAccount): string {
    return this.accounts.create(input);
  }

  /** The commitments the ledger's agreement assigns to an actor (R5). */
  commitmentsOf(actor: string): string[] {
    return this.accounts.commitmentsOf(actor);
  }

  /** Re-read accounts from the state file (at most once a second), so a worker learns of new accounts. */
  reloadAccounts(now = Date.now()): boolean {
    return this.accounts.reload(now);
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
    return this.evaluations.agreement(id);
  }

  /** The facts an agreement is evaluated on now (the log's counted statements, or its file). */
  factsOf(served: ServedAgreement): Promise<Fact[]> {
    return this.evaluations.factsOf(served);
  }

  /** Evaluate an agreement as of a date (default: its latest fact), cached by log size. */
  evaluation(id: string, asOfText?: string, variant?: string): Promise<Evaluation> {
    return this.evaluations.evaluation(id, asOfText, variant);
  }

  /** What changed in an agreement's evaluation between two sizes of the log (see {@link EvaluationService}). */
  changes(
    id: string,
    from: number,
    to?: number,
    asOfText?: string,
  ): Promise<{ from: LogPoint; to: LogPoint; asOf: IsoDate; changes: EvaluationChange[] }> {
    return this.evaluations.changes(id, from, to, asOfText);
  }

  /** The duty engine: the rule base alone, or with an agreement's tracks as evaluated now overlaid. */
  engine(overlay?: string): Promise<TariffEngine> {
    return this.evaluations.engine(overlay);
  }

  /** The duty engine with an overlay, and the log size its evaluation read. */
  overlay(overlay?: string): Promise<OverlaidEngine> {
    return this.evaluations.overlay(overlay);
  }
}
