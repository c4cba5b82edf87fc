/**
 * @module evaluation/_test/agreement
 * Test helpers: build an {@link Agreement} from a YAML text or a plain object the way the loader would
 * (zod schema, then conditions normalised), with `hash: 'test'`, and write facts tersely.
 */
import { parse } from 'yaml';
import { type IsoDate, isoDate } from '../../_lib/date.js';
import type { Problem } from '../../_lib/problem.js';
import type { Agreement } from '../../agreement/model.js';
import { normalizeCondition } from '../../agreement/normalize-condition.js';
import { agreementSchema } from '../../agreement/schema.js';
import type { Fact } from '../facts.js';

/** Parse an agreement from YAML text or an object; throws on anything invalid (tests write valid input). */
export function testAgreement(input: string | Record<string, unknown>): Agreement {
  const raw = typeof input === 'string' ? parse(input) : input;
  const data = agreementSchema.parse(raw);
  const problems: Problem[] = [];
  const milestones = data.milestones.map((m, i) => ({
    ...m,
    when: normalizeCondition(m.when, `/milestones/${i}/when`, problems),
  }));
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  return { ...data, milestones, hash: 'test' };
}

/** A date literal for tests. */
export const d = (text: string): IsoDate => isoDate(text);

/** Common fields of a verified fact: UI wage records, attested by the registered auditor `kpmg`. */
export function verified(
  id: string,
  recorded: string,
): { id: string; recorded: IsoDate; evidence: string[]; attestations: string[] } {
  return { id, recorded: d(recorded), evidence: ['ui-wage-records'], attestations: ['kpmg'] };
}

/** An employment fact for `commitment`: `fte` full-time equivalents (× 2080 hours) to `periodEnd`. */
export function jobs(
  id: string,
  commitment: string,
  periodEnd: string,
  fte: number,
  recorded: string,
  extra: Partial<Extract<Fact, { type: 'employment' }>> = {},
): Fact {
  return {
    ...verified(id, recorded),
    type: 'employment',
    commitment,
    periodEnd: d(periodEnd),
    paidHours: fte * 2080,
    ...extra,
  };
}

/** A capital fact: `usd` dollars disbursed by `asOf`. */
export function capital(id: string, commitment: string, asOf: string, usd: number, recorded: string): Fact {
  return {
    ...verified(id, recorded),
    type: 'capital',
    commitment,
    asOf: d(asOf),
    disbursed: BigInt(usd) * 100n,
  };
}
