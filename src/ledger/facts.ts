/**
 * @module ledger/facts
 * Facts from the log: the counted statements of a replayed log become the evaluation's `Fact` objects.
 * An employment report's evidence is its own evidence kinds plus what confirming attestations checked;
 * `attestations` lists the auditors whose registered keys signed a confirming attestation of that exact
 * statement (by leaf hash). Disputed statements are left out, with the reason.
 */
import type { IsoDate } from '../_lib/date.js';
import { parseRate, parseUsd } from '../_lib/money.js';
import type { Problem } from '../_lib/problem.js';
import type { Fact } from '../evaluation/facts.js';
import type { Registry } from './registry.js';

/** The facts and why any counted statement was not turned into a fact. */
export interface LogFacts {
  facts: Fact[];
  excluded: Problem[];
}

const cents = (s: string) => {
  const c = parseUsd(s);
  if (c === undefined) throw new Error(`validated money ${s} does not parse`);
  return c;
};

/** Map the counted statements of a replayed log to facts (pure: same prefix, same facts). */
export function factsFromLog(registry: Registry): LogFacts {
  const facts: Fact[] = [];
  const excluded: Problem[] = [];
  const counted = registry.entries.filter((e) => e.counts && e.signed);
  const byHash = new Map(counted.map((e) => [e.leafHash, e]));
  const attestedBy = new Map<string, { auditors: Set<string>; kinds: Set<string>; rejected: boolean }>();
  const disputed = new Map<string, number>();
  for (const e of counted) {
    const s = e.signed!.statement;
    if (s.type === 'attestation') {
      const target = byHash.get(s.subject);
      if (!target || target.index > e.index) {
        excluded.push({
          code: 'attestation-unknown-subject',
          message: `attestation at entry ${e.index} names a statement that is not logged before it`,
          where: { file: `entry ${e.index}`, pointer: '/statement/subject' },
        });
        continue;
      }
      const a = attestedBy.get(s.subject) ?? { auditors: new Set(), kinds: new Set(), rejected: false };
      if (s.result === 'confirmed') {
        a.auditors.add(s.actor);
        for (const k of s.evidenceChecked) a.kinds.add(k);
      } else if (s.result === 'rejected') {
        a.rejected = true;
      }
      attestedBy.set(s.subject, a);
    } else if (s.type === 'dispute') {
      disputed.set(s.subject, e.index);
    }
  }
  for (const e of counted) {
    const s = e.signed!.statement;
    const origin = { kind: 'log' as const, index: e.index, leafHash: e.leafHash };
    const a = attestedBy.get(e.leafHash);
    const base = {
      id: `log-${e.index}`,
      recorded: s.issued as IsoDate,
      evidence: [] as string[],
      attestations: [...(a?.auditors ?? [])].sort(),
      origin,
    };
    if (disputed.has(e.leafHash) || a?.rejected) {
      if (s.type === 'employment-report' || s.type === 'investment-report') {
        excluded.push({
          code: a?.rejected ? 'statement-rejected' : 'statement-disputed',
          message: a?.rejected
            ? `entry ${e.index} was rejected by an auditor and does not count`
            : `entry ${e.index} is disputed (entry ${disputed.get(e.leafHash)}) and does not count`,
          where: { file: `entry ${e.index}` },
        });
        continue;
      }
    }
    const kinds = (own: readonly { kind: string }[]) =>
      [...new Set([...own.map((x) => x.kind), ...(a?.kinds ?? [])])].sort();
    switch (s.type) {
      case 'employment-report':
        facts.push({
          ...base,
          type: 'employment',
          evidence: kinds(s.evidence),
          commitment: s.commitment,
          periodEnd: s.periodEnd as IsoDate,
          paidHours: s.paidHours,
          relocatedHours: s.relocatedHours,
          totalWages: cents(s.wages.total),
          healthPlanOffered: s.healthPlan.offered,
          site: s.site,
        });
        break;
      case 'investment-report':
        facts.push({
          ...base,
          type: 'capital',
          evidence: kinds(s.evidence),
          commitment: s.commitment,
          asOf: s.asOf as IsoDate,
          disbursed: cents(s.disbursed),
        });
        break;
      case 'project-selection':
        facts.push({
          ...base,
          type: 'project-selected',
          evidence: ['government-decision'],
          project: s.project,
          selected: s.selected as IsoDate,
          ...(s.amount ? { amount: cents(s.amount) } : {}),
        });
        break;
      case 'funding-notice':
        facts.push({
          ...base,
          type: 'project-funded',
          evidence: ['government-decision'],
          project: s.project,
          funded: s.funded as IsoDate,
          ...(s.amount ? { amount: cents(s.amount) } : {}),
        });
        break;
      case 'waiver':
        facts.push({
          ...base,
          type: 'waiver',
          evidence: ['government-decision'],
          milestone: s.milestone,
          approvedBy: [...s.approvedBy],
          reason: s.reason,
          ...(s.extendTo ? { extendTo: s.extendTo as IsoDate } : {}),
        });
        break;
      case 'snap-back': {
        const rate = s.rate === undefined ? undefined : parseRate(`${s.rate}%`);
        facts.push({
          ...base,
          type: 'snap-back-decision',
          evidence: ['government-decision'],
          track: s.track,
          effective: s.effective as IsoDate,
          by: s.actor,
          reason: s.reason,
          ...(rate !== undefined ? { rate } : {}),
        });
        break;
      }
      default:
        // Attestations, disputes, evaluations and key statements shape other facts; they are not facts.
        break;
    }
  }
  return { facts, excluded };
}
