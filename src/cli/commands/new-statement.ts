/**
 * @module cli/commands/new-statement
 * `accord new report|investment|attestation|dispute|waiver`: write a statement skeleton with what the
 * agreement already decides filled in (the actor's commitment, its site, the evidence kinds that verify) and
 * every value only the actor knows left as `null`, listed with what to write there. `accord submit` then
 * refuses the file, pointing at each `null`, until it is complete — nothing half-filled is ever signed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { parseIsoDate } from '../../_lib/date.js';
import { AccordError } from '../../_lib/problem.js';
import type { Agreement } from '../../agreement/index.js';
import { readAgreement } from './ledger-io.js';

/** A skeleton and the JSON pointers of what is left to fill, with what goes there. */
interface Skeleton {
  statement: Record<string, unknown>;
  fill: [pointer: string, what: string][];
}

const KINDS = ['report', 'investment', 'attestation', 'dispute', 'waiver'] as const;
type Kind = (typeof KINDS)[number];

/** The commitment `actor` reports on: --commitment, checked, or the one the agreement assigns it (R5). */
function commitmentFor(agreement: Agreement, actor: string, option: string | undefined) {
  const all = agreement.commitments;
  if (option !== undefined) {
    const c = all.find((m) => m.id === option);
    if (!c)
      throw new AccordError(
        'usage',
        `the agreement has no commitment ${option}; it has ${all.map((m) => m.id).join(', ')}`,
        {
          exitCode: 2,
        },
      );
    if (c.reporter !== undefined && c.reporter !== actor)
      throw new AccordError(
        'role-forbidden',
        `${c.id} is reported on by ${c.reporter} (commitments[].reporter); ${actor}'s reports on it would not count (R5)`,
      );
    return c;
  }
  const mine = all.filter((m) => m.reporter === actor);
  if (mine.length === 1) return mine[0]!;
  throw new AccordError(
    'usage',
    mine.length === 0
      ? `the agreement assigns ${actor} no commitment (commitments[].reporter); name one with --commitment`
      : `${actor} reports on ${mine.map((m) => m.id).join(' and ')}; choose one with --commitment`,
    { exitCode: 2 },
  );
}

/** The skeleton of `kind` for `actor` under `agreement`. */
function skeleton(
  kind: Kind,
  agreement: Agreement,
  actor: string,
  opts: { commitment?: string; from?: string; to?: string; subject?: string; milestone?: string },
): Skeleton {
  const evidence = agreement.verification.evidence.counts;
  const evidenceList = (n: number) =>
    evidence.slice(0, Math.max(n, 1)).map((k) => ({ kind: k, sha256: null }));
  const evidenceFill = (n: number): [string, string][] =>
    evidence
      .slice(0, Math.max(n, 1))
      .map((k, i) => [`/evidence/${i}/sha256`, `SHA-256 (hex) of the ${k} document, kept off the log`]);
  switch (kind) {
    case 'report': {
      const c = commitmentFor(agreement, actor, opts.commitment);
      const n = agreement.verification.evidence.minKinds;
      return {
        statement: {
          type: 'employment-report',
          commitment: c.id,
          site: c.sites[0],
          periodStart: opts.from ?? null,
          periodEnd: opts.to ?? null,
          paidHours: null,
          relocatedHours: 0,
          wages: { total: null },
          healthPlan: { offered: null },
          evidence: evidenceList(n),
        },
        fill: [
          ...(opts.from
            ? []
            : ([['/periodStart', 'first day of the period (YYYY-MM-DD)']] as [string, string][])),
          ...(opts.to ? [] : ([['/periodEnd', 'last day of the period (YYYY-MM-DD)']] as [string, string][])),
          [
            '/paidHours',
            `paid hours of positions of at least ${agreement.verification.jobs.minHoursPerYear} hours a year performed at ${c.sites.join(' or ')} in the period (J1)`,
          ],
          [
            '/relocatedHours',
            'of those, hours of positions moved from elsewhere in the host country (J5; they never count)',
          ],
          ['/wages/total', 'total wages paid in the period, US dollars as "1234.56"'],
          ['/healthPlan/offered', 'true if a health plan is offered (J7)'],
          ...evidenceFill(n),
        ],
      };
    }
    case 'investment': {
      const c = commitmentFor(agreement, actor, opts.commitment);
      return {
        statement: {
          type: 'investment-report',
          commitment: c.id,
          asOf: opts.to ?? null,
          disbursed: null,
          evidence: evidenceList(1),
        },
        fill: [
          ...(opts.to
            ? []
            : ([['/asOf', 'the date the cumulative figure is as of (YYYY-MM-DD)']] as [string, string][])),
          ['/disbursed', 'cumulative capital disbursed as of that date, US dollars as "1234.56"'],
          ...evidenceFill(1),
        ],
      };
    }
    case 'attestation':
      return {
        statement: {
          type: 'attestation',
          subject: opts.subject ?? null,
          evidenceChecked: evidence,
          result: null,
        },
        fill: [
          ...(opts.subject
            ? []
            : ([['/subject', 'leaf hash of the report attested (accord attest takes an index too)']] as [
                string,
                string,
              ][])),
          [
            '/evidenceChecked',
            `the evidence kinds you checked (the agreement counts ${evidence.join(', ')})`,
          ],
          ['/result', '"confirmed", "qualified" or "rejected"'],
        ],
      };
    case 'dispute':
      return {
        statement: { type: 'dispute', subject: opts.subject ?? null, reason: null },
        fill: [
          ...(opts.subject
            ? []
            : ([['/subject', 'leaf hash of the report or attestation disputed']] as [string, string][])),
          ['/reason', 'the grounds, for the record'],
        ],
      };
    case 'waiver': {
      const ids = agreement.milestones.map((m) => m.id);
      if (opts.milestone !== undefined && !ids.includes(opts.milestone))
        throw new AccordError(
          'usage',
          `the agreement has no milestone ${opts.milestone}; it has ${ids.join(', ')}`,
          {
            exitCode: 2,
          },
        );
      return {
        statement: { type: 'waiver', milestone: opts.milestone ?? null, reason: null },
        fill: [
          ...(opts.milestone
            ? []
            : ([['/milestone', `the milestone waived: ${ids.join(', ')}`]] as [string, string][])),
          ['/reason', 'why, for the record (both governments must sign or approve it: R6)'],
        ],
      };
    }
  }
}

/** Register `new`. */
export function registerNew(program: Command): void {
  program
    .command('new')
    .description(
      'Write a statement skeleton with what the agreement decides filled in, and list what is left to fill.',
    )
    .argument('<kind>', `one of ${KINDS.join(', ')}`)
    .requiredOption('--agreement <file>', 'the agreement the log records')
    .requiredOption('--actor <id>', 'who will sign it (your actor id)')
    .option('--commitment <id>', 'the commitment a report is on (default: the one the agreement assigns you)')
    .option('--from <date>', 'a report period’s first day')
    .option('--to <date>', 'a report period’s last day (an investment report’s as-of date)')
    .option('--subject <leaf>', 'the entry an attestation or dispute is about (64-hex leaf hash)')
    .option('--milestone <id>', 'the milestone a waiver is about')
    .option('--out <file>', 'where to write it (default: standard output)')
    .addHelpText(
      'after',
      `
Examples:
  accord new report --agreement examples/us-japan-milestones/agreement.yaml --actor honda --from 2026-01-01 --to 2026-03-31 --out report-q1.json
  accord new waiver --agreement examples/us-japan-milestones/agreement.yaml --actor us-gov --milestone m2

Values only you know are written as null and listed on standard error; \`accord submit\` refuses the file,
pointing at each one, until they are filled.`,
    )
    .action((kind, opts) => {
      if (!(KINDS as readonly string[]).includes(kind))
        throw new AccordError('usage', `no statement kind "${kind}"; use one of ${KINDS.join(', ')}`, {
          exitCode: 2,
        });
      for (const [flag, value] of [
        ['--from', opts.from],
        ['--to', opts.to],
      ] as const)
        if (value !== undefined && !parseIsoDate(value))
          throw new AccordError('usage', `${flag} must be a date YYYY-MM-DD; got "${value}"`, {
            exitCode: 2,
          });
      if (opts.subject !== undefined && !/^[0-9a-f]{64}$/.test(opts.subject))
        throw new AccordError('usage', `--subject is a 64-hex leaf hash; got "${opts.subject}"`, {
          exitCode: 2,
        });
      const agreement = readAgreement(opts.agreement);
      const s = skeleton(kind as Kind, agreement, opts.actor, opts);
      const text = `${JSON.stringify({ v: 2, actor: opts.actor, ...s.statement }, null, 2)}\n`;
      if (opts.out) {
        if (existsSync(opts.out))
          throw new AccordError('file-exists', `${opts.out} exists; refusing to overwrite it`);
        writeFileSync(opts.out, text);
      } else process.stdout.write(text);
      process.stderr.write(
        `${opts.out ? `wrote ${opts.out}; ` : ''}fill in:\n${s.fill.map(([p, what]) => `  ${p}: ${what}\n`).join('')}`,
      );
    });
}
