/**
 * A small world for replay tests: the milestone compromise's agreement, a key for every actor it names, and
 * builders of signed entries that keep (or, where a test wants, break) the record rules.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Governance, governanceOf } from '../../agreement/governance.js';
import { loadAgreement } from '../../agreement/load.js';
import type { Agreement } from '../../agreement/model.js';
import { formatVerifierKey, generateSigner, type SignerKey } from '../../tlog/keys.js';
import { type Statement, signStatement, statementHash } from '../statement.js';

export const ORIGIN = 'accord.example/test-log';

const file = fileURLToPath(new URL('../../../examples/us-japan-milestones/agreement.yaml', import.meta.url));

/** The milestone compromise as loaded from the shipped example. */
export function milestonesAgreement(): Agreement {
  const { agreement } = loadAgreement(readFileSync(file), 'agreement.yaml');
  if (!agreement) throw new Error('the shipped example does not load');
  return agreement;
}

/** Actors of the example: governments, firms (with the commitment each reports on) and auditors. */
export const FIRMS = {
  honda: 'honda-ohio-ev',
  'tx-semi': 'texas-semiconductors',
  'mw-renew': 'midwest-renewables',
  softbank: 'softbank-pittsburgh-ai',
} as const;
export type Firm = keyof typeof FIRMS;
export const GOVS = ['us-gov', 'jp-gov'] as const;
export const AUDITORS = { 'aud-us': 'us-gov', 'aud-jp': 'jp-gov' } as const;

/** A statement without its format version and log, which the world fills in (distributes over the union). */
export type Draft<S = Statement> = S extends Statement ? Omit<S, 'v' | 'log'> & { log?: string } : never;

const digest = (s: string) => Buffer.from(s.padEnd(32, '.').slice(0, 32)).toString('hex');

/** A test world: keys and builders; `origin` is the log every builder names unless told otherwise. */
export class World {
  readonly agreement = milestonesAgreement();
  readonly governance: Governance = governanceOf(this.agreement);
  readonly keys: Record<string, SignerKey> = {};

  constructor(readonly origin = ORIGIN) {
    for (const id of [...GOVS, ...Object.keys(FIRMS), ...Object.keys(AUDITORS), 'intruder'])
      this.keys[id] = generateSigner(id);
  }

  /** Sign as the statement's actor (or with `key` to forge). */
  sign(s: Draft, key?: SignerKey): Buffer {
    const full = { v: 2, log: this.origin, ...s } as Statement;
    return signStatement(full, key ?? this.keys[s.actor]!).entry;
  }

  /** Everything the rules need before reports: both governments, both auditors, every firm approved. */
  bootstrap(): Buffer[] {
    const out: Buffer[] = [];
    for (const g of GOVS) out.push(this.registration(g, g, 'government'));
    for (const [a, by] of Object.entries(AUDITORS)) out.push(this.registration(by, a, 'auditor'));
    for (const f of Object.keys(FIRMS)) {
      const r = this.registration('us-gov', f, 'firm');
      out.push(r, this.approval('jp-gov', r));
    }
    return out;
  }

  registration(
    by: string,
    subject: string,
    role: 'government' | 'firm' | 'auditor',
    key?: SignerKey,
  ): Buffer {
    return this.sign({
      type: 'key-registration',
      actor: by,
      issued: '2025-09-04',
      subject,
      role,
      key: formatVerifierKey(key ?? this.keys[subject]!),
    });
  }

  approval(by: string, decision: Buffer, issued = '2025-09-04'): Buffer {
    return this.sign({ type: 'approval', actor: by, issued, subject: statementHash(decision) });
  }

  /** A capital report of `firm` on `commitment` (default: its own). */
  capital(firm: string, bn: number, asOf: string, issued: string, commitment?: string): Buffer {
    return this.sign({
      type: 'investment-report',
      actor: firm,
      issued,
      commitment: commitment ?? FIRMS[firm as Firm],
      asOf,
      disbursed: `${Math.round(bn * 1e9)}.00`,
      evidence: [{ kind: 'cpa-attestation', sha256: digest(`${firm}${asOf}${bn}`) }],
    });
  }

  /** An employment report: `fte` full-time equivalents over the year to `periodEnd`. */
  employment(firm: string, fte: number, periodEnd: string, issued: string, commitment?: string): Buffer {
    const c = commitment ?? FIRMS[firm as Firm];
    const site = this.agreement.commitments.find((x) => x.id === c)?.sites[0] ?? 'US-OH';
    return this.sign({
      type: 'employment-report',
      actor: firm,
      issued,
      commitment: c,
      site,
      periodStart: `${Number(periodEnd.slice(0, 4)) - 1}${periodEnd.slice(4)}`,
      periodEnd,
      paidHours: fte * 2080,
      relocatedHours: 0,
      wages: { total: `${fte * 70_000}.00` },
      healthPlan: { offered: true, employerSharePctSingle: 85, employerSharePctFamily: 60 },
      evidence: [
        { kind: 'ui-wage-records', sha256: digest(`${c}${periodEnd}ui`) },
        { kind: 'cpa-attestation', sha256: digest(`${c}${periodEnd}cpa`) },
      ],
    });
  }

  attestation(
    auditor: string,
    report: Buffer,
    issued: string,
    result: 'confirmed' | 'rejected' = 'confirmed',
  ) {
    return this.sign({
      type: 'attestation',
      actor: auditor,
      issued,
      subject: statementHash(report),
      evidenceChecked: ['cpa-attestation', 'ui-wage-records'],
      result,
    });
  }

  /** A report attested by both registered auditors (the example's quorum is 2). */
  attested(report: Buffer, issued: string): Buffer[] {
    return [report, this.attestation('aud-us', report, issued), this.attestation('aud-jp', report, issued)];
  }

  dispute(by: string, subject: Buffer, issued: string, reason = 'the figures are not supported'): Buffer {
    return this.sign({ type: 'dispute', actor: by, issued, subject: statementHash(subject), reason });
  }

  resolution(by: string, dispute: Buffer, outcome: 'upheld' | 'dismissed' | 'withdrawn', issued: string) {
    return this.sign({
      type: 'dispute-resolution',
      actor: by,
      issued,
      subject: statementHash(dispute),
      outcome,
      reason: `${outcome} after review`,
    });
  }

  waiver(by: string, milestone: string, issued: string, extendTo?: string): Buffer {
    return this.sign({
      type: 'waiver',
      actor: by,
      issued,
      milestone,
      ...(extendTo ? { extendTo } : {}),
      reason: 'force majeure (test)',
    });
  }
}
