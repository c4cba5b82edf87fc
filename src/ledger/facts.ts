/**
 * @module ledger/facts
 * Facts from the log: what the replay counted becomes the evaluation's `Fact` objects. An employment
 * report's evidence is its own evidence kinds plus what confirming attestations checked; `attestations`
 * lists the auditors whose registered keys signed a confirming attestation of that exact statement (by
 * leaf hash). A joint decision becomes a fact only once it took effect, recorded on the day its last
 * required signature was issued, with `approvedBy` the parties whose signatures the replay verified.
 * Disputes and their resolutions become facts too; what they suspend is the evaluation's rule (R8).
 */
import type { IsoDate } from '../_lib/date.js';
import { parseRate, parseUsd } from '../_lib/money.js';
import type { Problem } from '../_lib/problem.js';
import type { DecisionRecord, Fact, NotCountedStatement } from '../evaluation/index.js';
import type { LedgerReplay, ReplayedEntry } from './replay.js';
import type { Statement } from './statement.js';

/** The facts, and the statements that did not become facts, with why. */
export interface LogFacts {
  facts: Fact[];
  /** Counted reports that an auditor rejected, so they are not facts. */
  excluded: Problem[];
  /** Statements the replay did not count: the rule each broke and who signed it. */
  notCounted: NotCountedStatement[];
  /** Joint decisions, in force or awaiting signatures. */
  decisions: DecisionRecord[];
}

const cents = (s: string) => {
  const c = parseUsd(s);
  if (c === undefined) throw new Error(`validated money ${s} does not parse`);
  return c;
};

/** Map a replayed log to facts (pure: same prefix, same facts). */
export function factsFromLog(replay: LedgerReplay): LogFacts {
  const facts: Fact[] = [];
  const excluded: Problem[] = [];
  const attestedBy = new Map<string, { auditors: Set<string>; kinds: Set<string>; rejected: boolean }>();
  for (const e of replay.entries) {
    const s = e.signed?.statement;
    if (!e.counts || s?.type !== 'attestation') continue;
    const a = attestedBy.get(s.subject) ?? { auditors: new Set(), kinds: new Set(), rejected: false };
    if (s.result === 'confirmed') {
      a.auditors.add(s.actor);
      for (const k of s.evidenceChecked) a.kinds.add(k);
    } else if (s.result === 'rejected') a.rejected = true;
    attestedBy.set(s.subject, a);
  }
  for (const e of replay.entries) {
    if (!e.counts || !e.signed) continue;
    const s = e.signed.statement;
    const a = attestedBy.get(e.leafHash);
    const recorded = (e.decision?.effective?.issued ?? s.issued) as IsoDate;
    const base = {
      id: factId(e.index),
      recorded,
      evidence: [] as string[],
      attestations: [...(a?.auditors ?? [])].sort(),
      origin: { kind: 'log' as const, index: e.index, leafHash: e.leafHash },
    };
    const decided = { ...base, evidence: ['government-decision'] };
    switch (s.type) {
      case 'employment-report':
      case 'investment-report':
        if (a?.rejected) {
          excluded.push({
            code: 'statement-rejected',
            message: `entry ${e.index} was rejected by an auditor and does not count`,
            where: { file: `entry ${e.index}` },
          });
          break;
        }
        facts.push(reportFact(s, base, a?.kinds ?? []));
        break;
      case 'project-selection':
        facts.push({
          ...decided,
          type: 'project-selected',
          project: s.project,
          selected: s.selected as IsoDate,
          ...(s.amount ? { amount: cents(s.amount) } : {}),
        });
        break;
      case 'funding-notice':
        facts.push({
          ...decided,
          type: 'project-funded',
          project: s.project,
          funded: s.funded as IsoDate,
          ...(s.amount ? { amount: cents(s.amount) } : {}),
        });
        break;
      case 'waiver':
        facts.push({
          ...decided,
          type: 'waiver',
          milestone: s.milestone,
          approvedBy: approvedBy(e),
          reason: s.reason,
          ...(s.extendTo ? { extendTo: s.extendTo as IsoDate } : {}),
        });
        break;
      case 'snap-back': {
        const rate = s.rate === undefined ? undefined : parseRate(`${s.rate}%`);
        facts.push({
          ...decided,
          type: 'snap-back-decision',
          track: s.track,
          effective: s.effective as IsoDate,
          by: approvedBy(e).join(', ') || s.actor,
          reason: s.reason,
          ...(rate !== undefined ? { rate } : {}),
        });
        break;
      }
      default:
        // Attestations shape reports; disputes and resolutions follow below; keys and evaluations are not facts.
        break;
    }
  }
  for (const d of replay.disputes.values()) {
    const subject = replay.entries[d.subject]!;
    const aboutAttestation = subject.index !== d.report;
    facts.push({
      id: factId(d.index),
      recorded: d.raised,
      evidence: [],
      attestations: [],
      origin: { kind: 'log', index: d.index, leafHash: replay.entries[d.index]!.leafHash },
      type: 'dispute',
      subject: factId(d.report),
      raisedBy: d.raisedBy,
      grounds: d.grounds,
      ...(aboutAttestation && {
        about: `the attestation by ${subject.signed!.statement.actor} at entry ${subject.index}, on which it rests`,
      }),
    });
    const r = d.resolution;
    if (r)
      facts.push({
        id: factId(r.index),
        recorded: r.issued,
        evidence: [],
        attestations: [],
        origin: { kind: 'log', index: r.index, leafHash: replay.entries[r.index]!.leafHash },
        type: 'dispute-resolution',
        dispute: factId(d.index),
        outcome: r.outcome,
        by: r.by,
        reason: r.reason,
      });
  }
  return { facts, excluded, notCounted: notCounted(replay), decisions: decisions(replay) };
}

/** The id of the fact an entry becomes. */
export function factId(index: number): string {
  return `log-${index}`;
}

function approvedBy(e: ReplayedEntry): string[] {
  return (e.decision?.approvals ?? []).map((a) => a.party).sort();
}

/** Every statement the replay did not count, with the rule it broke and its signer. */
export function notCounted(replay: LedgerReplay): NotCountedStatement[] {
  return replay.entries
    .filter((e) => e.status === 'not-counted')
    .map((e) => {
      const rule = e.problems[0]?.params?.rule;
      return {
        index: e.index,
        leafHash: e.leafHash,
        ...(e.signed && {
          type: e.signed.statement.type,
          actor: e.signed.statement.actor,
          key: e.signed.signature.key,
        }),
        ...(typeof rule === 'string' && { rule }),
        problems: e.problems,
      };
    });
}

/** Every joint decision that counts or awaits signatures, with the verified signatures it has. */
export function decisions(replay: LedgerReplay): DecisionRecord[] {
  return replay.entries
    .filter((e) => e.decision && e.status !== 'not-counted')
    .map((e) => {
      const d = e.decision!;
      const have = new Set(d.approvals.map((a) => a.party));
      const inForce = e.status === 'counts';
      return {
        index: e.index,
        leafHash: e.leafHash,
        kind: d.kind,
        type: e.signed!.statement.type,
        proposedBy: e.signed!.statement.actor,
        status: inForce ? 'in-force' : 'pending',
        approvals: d.approvals.map((a) => ({ ...a })),
        ...(d.effective && { effective: { ...d.effective } }),
        awaiting: inForce
          ? []
          : d.rule.needs === 'all'
            ? d.rule.approvers.filter((p) => !have.has(p))
            : [...d.rule.approvers],
      };
    });
}

/** What every fact read from the log carries besides its content. */
export type LogFactBase = Pick<Fact, 'id' | 'recorded' | 'attestations' | 'origin'>;

/**
 * The fact a firm's report states: employment hours or capital disbursed, with the evidence kinds it names
 * and those its auditors checked. The log's facts and the pre-signing check (fits-agreement) both use it,
 * so a report means the same before and after it is signed.
 */
export function reportFact(
  s: Extract<Statement, { type: 'employment-report' | 'investment-report' }>,
  base: LogFactBase,
  attestedKinds: Iterable<string>,
): Fact {
  const evidence = [...new Set([...s.evidence.map((x) => x.kind), ...attestedKinds])].sort();
  return s.type === 'employment-report'
    ? {
        ...base,
        type: 'employment',
        evidence,
        commitment: s.commitment,
        periodEnd: s.periodEnd as IsoDate,
        paidHours: s.paidHours,
        relocatedHours: s.relocatedHours,
        totalWages: cents(s.wages.total),
        healthPlanOffered: s.healthPlan.offered,
        site: s.site,
      }
    : {
        ...base,
        type: 'capital',
        evidence,
        commitment: s.commitment,
        asOf: s.asOf as IsoDate,
        disbursed: cents(s.disbursed),
      };
}
