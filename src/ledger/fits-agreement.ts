/**
 * @module ledger/fits-agreement
 * What the agreement will say about a firm's report once it is on the log, asked before anyone signs it:
 * the report is turned into the fact the log would give it ({@link reportFact}) and judged by the
 * evaluation's own fact rules (verifyFacts: J1 sites, E1 evidence, the auditor quorum), so a form and the
 * evaluation can never disagree. Each problem is pinned to the statement field it concerns. A report
 * always awaits its auditors when it is new; that is advice (a warning), not an error.
 *
 * @example
 * fitsAgreement({ type: 'employment-report', site: 'US-TX', commitment: 'honda-ohio-ev', … }, agreement)
 * // [{ code: 'site-not-covered', message: '… only work performed at a named site counts (J1)', where: { pointer: '/site' } }, …]
 */
import type { IsoDate } from '../_lib/date.js';
import type { Problem } from '../_lib/problem.js';
import type { Agreement } from '../agreement/index.js';
import { verifyFacts } from '../evaluation/index.js';
import { reportFact } from './facts.js';
import type { Statement } from './statement.js';

/** Which field each fact rule is about, and whether it can still be cured after signing (by auditors). */
const FIELD_OF: Record<string, { pointer: string; awaitsAuditors?: boolean }> = {
  'site-not-covered': { pointer: '/site' },
  'unknown-reference': { pointer: '/commitment' },
  'invalid-figures': { pointer: '/paidHours' },
  'self-report-alone': { pointer: '/evidence', awaitsAuditors: true },
  'evidence-insufficient': { pointer: '/evidence', awaitsAuditors: true },
  'quorum-not-met': { pointer: '', awaitsAuditors: true },
  'unregistered-auditor': { pointer: '', awaitsAuditors: true },
};

/** Problems (errors) and advice (warnings) about a report under an agreement, each with its field. */
export function fitsAgreement(statement: Statement, agreement: Agreement): Problem[] {
  if (statement.type !== 'employment-report' && statement.type !== 'investment-report') return [];
  const fact = reportFact(
    statement,
    { id: 'draft', recorded: statement.issued as IsoDate, attestations: [] },
    [],
  );
  // As of the statement's own date: the rules that apply are those in force when it is logged.
  const { rejected } = verifyFacts(agreement, [fact], fact.recorded);
  return (rejected[0]?.problems ?? []).map((p) => {
    const field = FIELD_OF[p.code] ?? { pointer: '' };
    const message = p.message.replace(/\bfact draft\b/, 'this report');
    return {
      code: p.code,
      message: field.awaitsAuditors
        ? `${message}; auditors' attestations can supply this after it is logged`
        : message,
      where: { pointer: field.pointer },
      ...(field.awaitsAuditors ? { severity: 'warning' as const } : {}),
    };
  });
}
