/**
 * @module evaluation/verify-facts
 * Decide which facts count. Rules (rule names as in docs/agreement-format.md):
 * - Facts recorded after the as-of date are not known yet and are left out (neither counted nor rejected).
 * - E1: an employment, capital or obligation fact needs at least `verification.evidence.minKinds` distinct
 *   evidence kinds from `counts`; kinds in `neverAlone` (self-report) never verify on their own.
 * - E2 quorum: it needs attestations by at least `auditors.quorum` distinct registered auditors; attestations
 *   by unregistered auditors are named and do not count towards the quorum.
 * - J1: an employment fact naming a site outside its commitment's sites does not count; its hours must be
 *   zero or more (relocated at most paid) and `months` 1 to 12 (facts from the ledger skip the file parsers).
 * - References must resolve: commitment, obligation, milestone, track.
 * - C6: a waiver counts only when approved as the agreement's governance says (R6; default: every party in
 *   `waivers.approvers`, else all parties). Facts from the log carry the approvals the replay verified.
 * - R7/R9: a dispute names a report (employment or capital fact) on record; a resolution names a dispute.
 * - An obligation fact's unit must match its obligation's unit.
 * - Two facts with one id are both rejected, so the result never depends on input order.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Problem } from '../_lib/problem.js';
import { plural, withArticle } from '../_lib/words.js';
import type { Agreement } from '../agreement/index.js';
import { governanceOf } from '../agreement/index.js';
import { hoursConsistent, monthsInRange } from './employment-figures.js';
import type { Fact } from './facts.js';
import type { RejectedFact } from './types.js';

/** The facts that count, sorted by id, and those that do not, with coded problems. */
export interface VerifiedFacts {
  counted: Fact[];
  rejected: RejectedFact[];
}

const EVIDENCED = new Set<Fact['type']>(['employment', 'capital', 'obligation']);

/**
 * Sort facts into counted and rejected as of `asOf`.
 *
 * @example
 * verifyFacts(agreement, facts, isoDate('2027-01-01')).rejected[0]?.problems[0]?.code // 'self-report-alone'
 */
export function verifyFacts(agreement: Agreement, facts: readonly Fact[], asOf: IsoDate): VerifiedFacts {
  const known = facts.filter((f) => f.recorded <= asOf).sort((a, b) => compareFacts(a, b));
  const counted: Fact[] = [];
  const rejected: RejectedFact[] = [];
  const lookup = lookups(agreement);
  for (const f of known) lookup.types.set(f.id, f.type);
  for (let i = 0; i < known.length; i++) {
    const fact = known[i]!;
    const problems = checkFact(agreement, lookup, fact);
    // Sorted by id, so facts sharing an id are neighbours.
    if (known[i - 1]?.id === fact.id || known[i + 1]?.id === fact.id)
      problems.unshift({
        code: 'duplicate-fact-id',
        message: `fact id "${fact.id}" is used by more than one fact; none of them counts until the ids are unique`,
      });
    if (problems.length === 0) counted.push(fact);
    else
      rejected.push({
        id: fact.id,
        problems: problems.map((p) => (fact.origin?.kind === 'file' ? withOrigin(p, fact) : p)),
      });
  }
  return { counted, rejected };
}

/** Facts in a stable order: id, then the remaining content, so duplicates sort deterministically. */
export function compareFacts(a: Fact, b: Fact): number {
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const sa = stableKey(a);
  const sb = stableKey(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function stableKey(f: Fact): string {
  return JSON.stringify(f, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

function withOrigin(problem: Problem, fact: Fact): Problem {
  if (fact.origin?.kind !== 'file') return problem;
  const { file, pointer, row } = fact.origin;
  return {
    ...problem,
    where: { file, ...(pointer !== undefined && { pointer }), ...(row !== undefined && { row }) },
  };
}

function unknownReference(agreement: Agreement, fact: Fact, kind: string, id: string): Problem {
  return {
    code: 'unknown-reference',
    message: `fact ${fact.id} names ${kind} "${id}", which the agreement ${agreement.id} does not define`,
    params: { kind, id },
  };
}

/** What the checks look up, indexed once per call rather than searched per fact. */
interface Lookups {
  commitments: Map<string, Agreement['commitments'][number]>;
  linked: Map<string, Agreement['linked'][number]>;
  milestones: Set<string>;
  tracks: Set<string>;
  registered: Set<string>;
  /** Evidence and attestation lists (joined) that pass E1 and the quorum. */
  evidenceOk: Set<string>;
  /** The type of every fact known by the as-of date, by id (what disputes and resolutions may name). */
  types: Map<string, Fact['type']>;
}

function lookups(agreement: Agreement): Lookups {
  const first = <T extends { id: string }>(items: readonly T[]): Map<string, T> => {
    const out = new Map<string, T>();
    // The first of a repeated id, as Array#find would give.
    for (const x of items) if (!out.has(x.id)) out.set(x.id, x);
    return out;
  };
  return {
    commitments: first(agreement.commitments),
    linked: first(agreement.linked),
    milestones: new Set(agreement.milestones.map((m) => m.id)),
    tracks: new Set(agreement.tracks.map((t) => t.id)),
    registered: new Set(agreement.verification.auditors.registered.map((a) => a.id)),
    evidenceOk: new Set(),
    types: new Map(),
  };
}

function checkFact(agreement: Agreement, lookup: Lookups, fact: Fact): Problem[] {
  const problems: Problem[] = [];
  switch (fact.type) {
    case 'employment': {
      // Facts from the ledger do not pass through the file parsers: check the figures here too.
      const reloc = fact.relocatedHours ?? 0;
      if (!hoursConsistent(fact.paidHours, reloc))
        problems.push({
          code: 'invalid-figures',
          message: `fact ${fact.id} has paid hours ${fact.paidHours} and relocated hours ${reloc}; both must be zero or more, relocated at most paid`,
        });
      if (fact.months !== undefined && !monthsInRange(fact.months))
        problems.push({
          code: 'invalid-figures',
          message: `fact ${fact.id} covers ${fact.months} months; write 1 to 12 full months (J2)`,
        });
      const c = lookup.commitments.get(fact.commitment);
      if (!c) problems.push(unknownReference(agreement, fact, 'commitment', fact.commitment));
      else if (fact.site !== undefined && !c.sites.includes(fact.site))
        problems.push({
          code: 'site-not-covered',
          message: `fact ${fact.id} reports work at ${fact.site}, but commitment ${c.id} covers ${c.sites.join(', ')}; only work performed at a named site counts (J1)`,
        });
      break;
    }
    case 'capital':
      if (fact.disbursed < 0n)
        problems.push({ code: 'invalid-figures', message: `fact ${fact.id} disburses a negative amount` });
      if (!lookup.commitments.get(fact.commitment))
        problems.push(unknownReference(agreement, fact, 'commitment', fact.commitment));
      break;
    case 'obligation': {
      const o = lookup.linked.get(fact.obligation);
      if (!o) problems.push(unknownReference(agreement, fact, 'obligation', fact.obligation));
      else if (o.unit !== fact.value.unit)
        problems.push({
          code: 'unit-mismatch',
          message: `fact ${fact.id} gives ${fact.obligation} in ${fact.value.unit}, but the obligation is measured in ${o.unit}`,
        });
      break;
    }
    case 'waiver': {
      if (!lookup.milestones.has(fact.milestone))
        problems.push(unknownReference(agreement, fact, 'milestone', fact.milestone));
      const rule = governanceOf(agreement).decision('waiver');
      const missing = rule.approvers.filter((a) => !fact.approvedBy.includes(a));
      const approved = rule.needs === 'all' ? missing.length === 0 : missing.length < rule.approvers.length;
      if (!approved)
        problems.push({
          code: 'waiver-not-approved',
          message: `waiver ${fact.id} lacks the approval of ${missing.join(', ')}; a waiver needs ${rule.needs === 'all' ? 'every one' : 'one'} of ${rule.approvers.join(', ')} (C6, R6)`,
        });
      break;
    }
    case 'dispute': {
      const t = lookup.types.get(fact.subject);
      if (t === undefined) problems.push(unknownReference(agreement, fact, 'fact', fact.subject));
      else if (t !== 'employment' && t !== 'capital')
        problems.push({
          code: 'dispute-subject',
          message: `dispute ${fact.id} names ${fact.subject}, ${withArticle(t)} fact; only employment and capital reports are disputed (R7)`,
        });
      break;
    }
    case 'dispute-resolution':
      if (lookup.types.get(fact.dispute) !== 'dispute')
        problems.push(unknownReference(agreement, fact, 'dispute', fact.dispute));
      break;
    case 'breach':
      if (fact.commitment !== undefined && !lookup.commitments.get(fact.commitment))
        problems.push(unknownReference(agreement, fact, 'commitment', fact.commitment));
      break;
    case 'snap-back-decision':
    case 'relief-granted':
      if (fact.type === 'relief-granted' && fact.amount < 0n)
        problems.push({
          code: 'invalid-figures',
          message: `fact ${fact.id} grants a negative amount of relief`,
        });
      if (!lookup.tracks.has(fact.track))
        problems.push(unknownReference(agreement, fact, 'track', fact.track));
      break;
    case 'project-selected':
    case 'project-funded':
      break;
  }
  if (EVIDENCED.has(fact.type)) {
    // Most facts share a few evidence/attestation combinations: remember the ones that pass.
    const key = JSON.stringify([fact.evidence, fact.attestations]);
    if (!lookup.evidenceOk.has(key)) {
      const found = checkEvidence(agreement, lookup.registered, fact);
      if (found.length === 0) lookup.evidenceOk.add(key);
      else problems.push(...found);
    }
  }
  return problems;
}

/** E1 evidence kinds and the auditor quorum. */
function checkEvidence(agreement: Agreement, ids: Set<string>, fact: Fact): Problem[] {
  const problems: Problem[] = [];
  const { counts, neverAlone, minKinds } = agreement.verification.evidence;
  const kinds = [...new Set(fact.evidence)];
  const counting = kinds.filter((k) => counts.includes(k));
  const standalone = counting.filter((k) => !neverAlone.includes(k));
  if (standalone.length === 0 && kinds.some((k) => neverAlone.includes(k)))
    problems.push({
      code: 'self-report-alone',
      message: `fact ${fact.id} rests only on ${kinds.filter((k) => neverAlone.includes(k)).join(', ')}, which never verifies on its own; add ${counts.filter((k) => !neverAlone.includes(k)).join(' or ')} (E1)`,
    });
  else if (counting.length < minKinds || standalone.length === 0)
    problems.push({
      code: 'evidence-insufficient',
      message: `fact ${fact.id} has ${plural(counting.length, 'counting evidence kind')} (${counting.join(', ') || 'none'}); the agreement needs ${minKinds} of ${counts.join(', ')} (E1)`,
    });
  const { quorum } = agreement.verification.auditors;
  const attesting = [...new Set(fact.attestations)];
  const unregistered = attesting.filter((a) => !ids.has(a));
  const valid = attesting.filter((a) => ids.has(a));
  if (valid.length < quorum) {
    for (const a of unregistered)
      problems.push({
        code: 'unregistered-auditor',
        message: `fact ${fact.id} is attested by "${a}", who is not a registered auditor of ${agreement.id}`,
      });
    problems.push({
      code: 'quorum-not-met',
      message: `fact ${fact.id} has ${plural(valid.length, 'attestation')} by registered auditors; the quorum is ${quorum}`,
    });
  }
  return problems;
}
