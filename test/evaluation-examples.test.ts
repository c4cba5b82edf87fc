/**
 * The evaluation core against the shipped examples, read by the real loader and facts parser: invariants
 * that must hold for any agreement (ordered, non-overlapping periods; every step explained; determinism),
 * and what the issue asks of the milestone example (some steps reached, at least one not).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type IsoDate, isoDate } from '../src/_lib/date.js';
import { loadAgreement } from '../src/agreement/load.js';
import type { Agreement } from '../src/agreement/model.js';
import { type Evaluation, evaluate, parseFacts, rateOn, toJson } from '../src/evaluation/index.js';

const root = join(import.meta.dirname, '..', 'examples');
const examples = ['us-japan-2025', 'us-japan-milestones'].filter((e) =>
  existsSync(join(root, e, 'facts.json')),
);

function load(example: string) {
  const file = join(root, example, 'agreement.yaml');
  const loaded = loadAgreement(readFileSync(file), file);
  const factsFile = join(root, example, 'facts.json');
  const parsed = parseFacts(readFileSync(factsFile, 'utf8'), factsFile);
  return {
    agreement: loaded.agreement as Agreement,
    problems: loaded.problems,
    facts: parsed.facts,
    factProblems: parsed.problems,
    factsFor: parsed.agreement,
  };
}

function checkInvariants(ev: Evaluation): void {
  for (const t of ev.tracks) {
    for (let i = 0; i < t.inForce.length; i++) {
      const s = t.inForce[i]!;
      expect(s.because.length).toBeGreaterThan(20);
      if (s.until !== undefined) expect(s.until > s.from).toBe(true);
      const next = t.inForce[i + 1];
      if (next) expect(s.until !== undefined && s.until <= next.from).toBe(true);
      expect(rateOn(t, s.from)).toBe(s);
    }
    for (const p of t.planned) {
      expect(p.why).toMatch(/^(reached|not reached): /);
      if (p.reached)
        expect(t.inForce.some((s) => s.stepId === p.stepId) || p.effective !== undefined).toBe(true);
    }
  }
  for (const m of ev.milestones) {
    expect(m.explanation).toContain(m.id);
    if (m.status === 'met' || m.status === 'missed' || m.status === 'waived')
      expect(m.decidedOn).toBeDefined();
  }
  const json = toJson(ev);
  expect(JSON.parse(JSON.stringify(json))).toEqual(json);
}

describe.skipIf(examples.length === 0)('evaluation of the shipped examples', () => {
  it.each(examples)(
    '%s: loads, reads its facts without problems and evaluates with consistent schedules',
    (example) => {
      const { agreement, problems, facts, factProblems, factsFor } = load(example);
      expect(problems.filter((p) => p.severity !== 'warning')).toEqual([]);
      expect(factProblems).toEqual([]);
      expect(factsFor).toBe(agreement.id);
      expect(facts.length).toBeGreaterThan(0);
      for (const asOf of ['2025-10-01', '2026-06-30', '2027-12-31', '2033-01-01'] as const) {
        const ev = evaluate(agreement, facts, isoDate(asOf));
        checkInvariants(ev);
        expect(evaluate(agreement, [...facts].reverse(), isoDate(asOf))).toEqual(ev);
      }
    },
  );

  it.skipIf(!examples.includes('us-japan-milestones'))(
    'us-japan-milestones: its facts reach some steps and miss at least one, in both term variants',
    () => {
      const { agreement, facts } = load('us-japan-milestones');
      const asOf: IsoDate = isoDate('2027-01-01');
      const variants = agreement.term.variants?.map((v) => v.id) ?? [];
      expect(variants.length).toBeGreaterThanOrEqual(2);
      const ends = new Set<string>();
      for (const variant of variants) {
        const ev = evaluate(agreement, facts, asOf, { variant });
        ends.add(ev.agreement.termEnds);
        const planned = ev.tracks.flatMap((t) => t.planned);
        expect(planned.some((p) => p.reached)).toBe(true);
        expect(planned.some((p) => !p.reached)).toBe(true);
        expect(ev.notes.some((n) => n.includes('not enacted law'))).toBe(true);
      }
      expect(ends.size).toBe(variants.length);
    },
  );
});
