import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { loadAgreement } from '../agreement/index.js';
import { evaluationChanges } from './changes.js';
import { evaluate } from './evaluate.js';
import { parseFacts } from './parse-facts.js';

const dir = new URL('../../examples/us-japan-milestones/', import.meta.url);
const { agreement } = loadAgreement(readFileSync(new URL('agreement.yaml', dir)), 'agreement.yaml');
const { facts } = parseFacts(readFileSync(new URL('facts.json', dir), 'utf8'), 'facts.json');
const asOf = isoDate('2027-01-31');

describe('evaluationChanges', () => {
  it('is empty between an evaluation and itself', () => {
    const ev = evaluate(agreement!, facts, asOf);
    expect(evaluationChanges(ev, ev)).toEqual([]);
  });

  it('names the milestone met and the tariff step that a fact brings, and undoes them in reverse', () => {
    const all = evaluate(agreement!, facts, asOf);
    // Find a fact whose removal changes a milestone: the change list must say so, both ways.
    const met = all.milestones.find((m) => m.status === 'met')!;
    const without = facts.filter((f) => !met.decidedBy.includes(f.id));
    const less = evaluate(agreement!, without, asOf);
    const forward = evaluationChanges(less, all);
    const milestone = forward.find((c) => c.kind === 'milestone' && c.id === met.id)!;
    expect(milestone.after).toBe('met');
    expect(milestone.before).not.toBe('met');
    expect(milestone.text).toContain(`${milestone.before} → met`);
    expect(
      forward.some((c) => c.kind === 'tariff' && /from \d{4}-\d\d-\d\d: \d+(\.\d+)?% /.test(c.text)),
    ).toBe(true);
    expect(
      forward
        .filter((c) => c.kind === 'fact' && c.after === 'counts')
        .map((c) => c.id)
        .sort(),
    ).toEqual(met.decidedBy.filter((id) => all.facts.counted.includes(id)).sort());
    const back = evaluationChanges(all, less);
    expect(back.find((c) => c.kind === 'milestone' && c.id === met.id)).toMatchObject({ before: 'met' });
    expect(back.some((c) => c.kind === 'tariff' && /no longer \d+(\.\d+)?% from /.test(c.text))).toBe(true);
  });

  it('refuses to compare evaluations on different dates', () => {
    const a = evaluate(agreement!, facts, asOf);
    const b = evaluate(agreement!, facts, isoDate('2027-02-01'));
    expect(() => evaluationChanges(a, b)).toThrow(/one date/);
  });
});
