/**
 * @module agreement/validate-parties
 * Whole-file rules about who promises what: both roles are present, commitments are made by a party that
 * invests and their capital schedules ascend within the total, linked obligations' targets fit their
 * units, and verification requirements can be met at all.
 */
import { formatUsd, parseRate, parseUsd } from '../_lib/money.js';
import type { Agreement } from './model.js';
import type { Checker, IdSet } from './validate-ids.js';

export function checkParties(a: Agreement, check: Checker): void {
  if (!a.parties.some((p) => p.role === 'importing' || p.role === 'both'))
    check.error('missing-role', 'no party has role "importing"; one party must impose the tariffs', [
      'parties',
    ]);
  if (!a.parties.some((p) => p.role === 'investing' || p.role === 'both'))
    check.error('missing-role', 'no party has role "investing"; one party must make the commitments', [
      'parties',
    ]);
}

export function checkCommitments(a: Agreement, check: Checker, parties: IdSet): void {
  a.commitments.forEach((c, i) => {
    const base = ['commitments', i];
    if (parties.ref(c.party, [...base, 'party'])) {
      const party = a.parties.find((p) => p.id === c.party);
      if (party?.role === 'importing')
        check.warn(
          'party-role',
          `commitment "${c.id}" is made by "${c.party}", whose role is importing; investments come from the investing party`,
          [...base, 'party'],
        );
    }
    if (c.jobs && c.jobs.baseline.asOf > c.start)
      check.error(
        'dates-out-of-order',
        `the jobs baseline is frozen on ${c.jobs.baseline.asOf}, after the commitment starts (${c.start}); freeze it at or before the start`,
        [...base, 'jobs', 'baseline', 'asOf'],
      );
    const schedule = c.capital?.schedule ?? [];
    schedule.forEach((step, j) => {
      const at = [...base, 'capital', 'schedule', j];
      const previous = schedule[j - 1];
      if (previous && step.by <= previous.by)
        check.error(
          'dates-out-of-order',
          `capital schedule dates must ascend: ${step.by} comes after ${previous.by}`,
          [...at, 'by'],
        );
      if (previous && step.atLeast < previous.atLeast)
        check.error(
          'amounts-out-of-order',
          `capital schedule amounts are cumulative and cannot decrease: ${formatUsd(step.atLeast)} is below the ${formatUsd(previous.atLeast)} due by ${previous.by}`,
          [...at, 'atLeast'],
        );
      if (c.capital && step.atLeast > c.capital.total)
        check.error(
          'amount-above-total',
          `${formatUsd(step.atLeast)} due by ${step.by} is above the commitment's total capital (${formatUsd(c.capital.total)}); raise the total or lower the step`,
          [...at, 'atLeast'],
        );
    });
  });
}

export function checkObligations(a: Agreement, check: Checker, parties: IdSet): void {
  a.linked.forEach((o, i) => {
    const base = ['linked', i];
    parties.ref(o.party, [...base, 'party']);
    const target = o.atLeast;
    if (target === undefined) {
      if (o.unit !== 'boolean')
        check.error('missing-field', `missing required field "atLeast" (the ${o.unit} target)`, base);
      return;
    }
    const at = [...base, 'atLeast'];
    const ok =
      o.unit === 'usd'
        ? typeof target !== 'boolean' && parseUsd(target) !== undefined
        : o.unit === 'share'
          ? typeof target !== 'boolean' && parseRate(target) !== undefined
          : o.unit === 'count'
            ? typeof target === 'number' && Number.isSafeInteger(target) && target >= 0
            : target === true;
    if (!ok) {
      const how = {
        usd: 'a US-dollar amount such as 8000000000 or "8bn"',
        share: 'a share such as "2%" or 0.02',
        count: 'a whole number, zero or more',
        boolean: 'true (or leave atLeast out)',
      }[o.unit];
      check.error(
        'invalid-target',
        `atLeast ${JSON.stringify(target)} does not fit unit ${o.unit}; write ${how}`,
        at,
      );
    }
  });
}

export function checkVerification(a: Agreement, check: Checker): void {
  const v = a.verification;
  if (v.evidence.minKinds > v.evidence.counts.length)
    check.error(
      'unreachable-requirement',
      `minKinds is ${v.evidence.minKinds} but only ${v.evidence.counts.length} evidence ${v.evidence.counts.length === 1 ? 'kind counts' : 'kinds count'}; no report could verify`,
      ['verification', 'evidence', 'minKinds'],
    );
  const registered = v.auditors.registered.length;
  if (registered > 0 && v.auditors.quorum > registered)
    check.error(
      'unreachable-requirement',
      `the quorum is ${v.auditors.quorum} auditors but only ${registered} ${registered === 1 ? 'is' : 'are'} registered; no report could verify`,
      ['verification', 'auditors', 'quorum'],
    );
}
