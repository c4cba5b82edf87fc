/**
 * @module server/evaluations
 * The agreements a server serves and what is computed from them: evaluations as of a date (from the log's
 * counted statements or a shipped facts file), the changes between two log sizes, and duty engines with an
 * agreement's tracks overlaid. Results are cached by what they depend on (the log size), so a read never
 * recomputes an evaluation the log has not changed.
 */
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import {
  defaultAsOf,
  type Evaluation,
  type EvaluationChange,
  evaluate,
  evaluationChanges,
  type Fact,
} from '../evaluation/index.js';
import { evaluateReplay, factsFromLog } from '../ledger/index.js';
import { createTariffEngine, type OverlayBasis, type TariffEngine } from '../tariff/index.js';
import type { LedgerService } from './ledger-service.js';
import { LEDGER_AGREEMENT, type LogPoint, type ServedAgreement } from './served.js';

/** A duty engine with an overlay, and the log size its evaluation read (when its facts come from the log). */
export interface OverlaidEngine {
  engine: TariffEngine;
  ledgerSize?: number;
  basis?: OverlayBasis;
}

/** The served agreements, their evaluations and the duty engines they overlay. */
export class EvaluationService {
  private readonly baseEngine = createTariffEngine({}, diskSource);
  private evalCache = new Map<string, { size: number; evaluation: Evaluation }>();
  private engineCache = new Map<string, { size: number; engine: TariffEngine }>();
  private factsCache: { size: number; facts: Fact[] } | undefined;

  /** Over the served agreements (by id) and the log the ledger agreement's facts come from. */
  constructor(
    readonly agreements: ReadonlyMap<string, ServedAgreement>,
    private readonly ledger: LedgerService,
  ) {}

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

  /**
   * The date an evaluation is as of: the one asked for (a 400 at /asOf when it is not a date), else the
   * evaluation's one default (`defaultAsOf`: the latest fact recorded, never before the agreement was signed),
   * the same rule the CLI follows.
   */
  private asOfDate(asOfText: string | undefined, facts: readonly Fact[], signed: IsoDate): IsoDate {
    if (asOfText === undefined || asOfText === '') return defaultAsOf(facts, signed);
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
    const asOf = this.asOfDate(asOfText, facts, served.agreement.signed);
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
    const asOf = this.asOfDate(asOfText, factsFromLog(b.replay).facts, served.agreement.signed);
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
  async overlay(overlay?: string): Promise<OverlaidEngine> {
    if (!overlay) return { engine: this.baseEngine };
    const ev = await this.evaluation(overlay);
    const size = ev.ledger?.size ?? 0;
    const hit = this.engineCache.get(overlay);
    const engine =
      hit && hit.size === size ? hit.engine : createTariffEngine({ tracks: ev.tracks }, diskSource);
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
