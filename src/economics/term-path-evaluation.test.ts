/**
 * The simulator and the evaluation agree on the shipped examples: given the milestones the evaluation
 * decides from each example's verified facts, every simulated year's rate on every modelled track is the
 * time-weighted rate of the evaluation's own schedule for that year; and the no-deal rate is what the
 * evaluation gives the same track when nothing in its schedule happens (no step, no snap-back), with
 * the track's start, `end` and term-end rules as they are.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addDays, addYears, type IsoDate } from '../_lib/date.js';
import { PPM_PER_UNIT } from '../_lib/money.js';
import { diskSource, readTextFile } from '../_lib/read-file.js';
import type { Agreement } from '../agreement/index.js';
import {
  evaluate,
  parseFacts,
  projectedSchedules,
  projectionContext,
  rateOn,
  type TrackSchedule,
} from '../evaluation/index.js';
import { shippedIoTable } from './io-table.js';
import { decidedMilestones, readAgreementForSimulation } from './scenario.js';
import { shippedTables } from './tables.js';
import { centralEm, DEFAULT_TERM_ASSUMPTIONS, prepareTerm, simulatePath } from './term-path.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const examples = readdirSync(EXAMPLES).filter((d) =>
  readdirSync(`${EXAMPLES}${d}`).includes('agreement.yaml'),
);
const tables = { ...shippedTables(diskSource), io: shippedIoTable(diskSource) };

/** The evaluation's rate averaged day by day over [from, to) (no period in force: no rate, 0). */
function dailyAverage(
  schedule: TrackSchedule | TrackSchedule['inForce'],
  from: IsoDate,
  to: IsoDate,
): number {
  let sum = 0;
  let days = 0;
  for (let d = from; d < to; d = addDays(d, 1)) {
    sum += (rateOn(schedule, d)?.rate ?? 0) / PPM_PER_UNIT;
    days++;
  }
  return sum / days;
}

describe('the simulator’s tariff path is the evaluation’s schedule', () => {
  it('covers every shipped example', () => {
    expect(examples).toEqual(expect.arrayContaining(['us-japan-2025', 'us-japan-milestones']));
  });

  for (const dir of examples) {
    const file = `${EXAMPLES}${dir}/agreement.yaml`;
    const agreement = readAgreementForSimulation(file, readTextFile);
    const variants = agreement.term.variants?.map((v) => v.id) ?? [undefined];
    const factsFile = `${EXAMPLES}${dir}/facts.json`;
    const facts = parseFacts(readTextFile(factsFile), factsFile).facts;
    for (const variant of variants)
      for (const at of ['mid-term', 'term end'] as const)
        it(`${dir}${variant ? ` (${variant})` : ''}, facts evaluated at the ${at}`, () => {
          const years = agreement.term.variants?.find((v) => v.id === variant)?.years ?? agreement.term.years;
          const termEnds = addYears(agreement.term.start, years);
          const asOf = at === 'term end' ? termEnds : addYears(agreement.term.start, Math.floor(years / 2));
          const evaluation = evaluate(agreement, facts, asOf, variant === undefined ? {} : { variant });
          const { decided } = decidedMilestones(agreement, factsFile, asOf, variant, readTextFile);
          const setup = prepareTerm(agreement, tables, DEFAULT_TERM_ASSUMPTIONS, variant, decided);
          // Undecided milestones (pending, in cure) are drawn as not met: nothing they gate is in force.
          const met = agreement.milestones.map((m) => decided[m.id]?.met === true);
          const path = simulatePath(
            setup,
            { met, Em: centralEm(setup), delivery: 1 },
            'SMART',
            DEFAULT_TERM_ASSUMPTIONS,
          );
          expect(setup.tracks.length).toBeGreaterThan(0);
          let compared = 0;
          for (const track of setup.tracks) {
            const schedule = evaluation.tracks.find((t) => t.track === track.id)!;
            for (const year of path.years) {
              // Before the as-of date the evaluation is final; after it, only at the term end.
              if (year.to > asOf && asOf < termEnds) continue;
              expect(year.rates[track.id], `${track.id} year ${year.year}`).toBeCloseTo(
                dailyAverage(schedule, year.from, year.to),
                12,
              );
              compared++;
            }
          }
          expect(compared).toBeGreaterThan(0);
        });
  }

  for (const dir of examples) {
    const agreement = readAgreementForSimulation(`${EXAMPLES}${dir}/agreement.yaml`, readTextFile);
    const variant = agreement.term.default;
    it(`${dir}: every combination of milestone outcomes the simulator draws`, () => {
      const setup = prepareTerm(agreement, tables, DEFAULT_TERM_ASSUMPTIONS, variant);
      const ctx = projectionContext(agreement, variant);
      const n = agreement.milestones.length;
      for (let mask = 0; mask < 1 << n; mask++) {
        const met = agreement.milestones.map((_, k) => ((mask >> k) & 1) === 1);
        const path = simulatePath(
          setup,
          { met, Em: centralEm(setup), delivery: 1 },
          'SMART',
          DEFAULT_TERM_ASSUMPTIONS,
        );
        // The same outcomes told to the evaluation: met on the deadline (once the milestones its condition
        // names are met), else missed when the cure ends.
        const on: Record<string, IsoDate | undefined> = {};
        const resolve = (k: number): IsoDate | undefined => {
          const m = setup.milestones[k]!;
          if (!met[k]) return undefined;
          const override = agreement.term.variants?.find((v) => v.id === variant)?.milestones?.[m.id]?.by;
          let d = override ?? agreement.milestones[k]!.by;
          for (const j of m.deps) {
            const dep = resolve(j);
            if (dep === undefined) return undefined;
            if (dep > d) d = dep;
          }
          return d;
        };
        agreement.milestones.forEach((m, k) => {
          on[m.id] = resolve(k);
        });
        const outcomes = Object.fromEntries(
          setup.milestones.map((m) => [
            m.id,
            on[m.id] ? { met: true, on: on[m.id]! } : { met: false, on: m.missFinal },
          ]),
        );
        const schedules = projectedSchedules(
          ctx,
          outcomes,
          setup.tracks.map((t) => t.id),
        );
        setup.tracks.forEach((track, k) => {
          for (const year of path.years)
            expect(year.rates[track.id], `${mask} ${track.id} ${year.year}`).toBeCloseTo(
              dailyAverage(schedules[k]!, year.from, year.to),
              12,
            );
        });
      }
    });
  }

  /** The agreement with nothing to happen on its tracks: the start rate, its dates and the term end only. */
  const nothingHappens = (agreement: Agreement): Agreement => ({
    ...agreement,
    tracks: agreement.tracks.map(({ snapBack: _snapBack, ...track }) => ({ ...track, steps: [] })),
  });

  for (const dir of examples)
    for (const afterEnd of ['as written', 'revert'] as const) {
      const written = readAgreementForSimulation(`${EXAMPLES}${dir}/agreement.yaml`, readTextFile);
      const agreement: Agreement =
        afterEnd === 'revert' ? { ...written, term: { ...written.term, afterEnd: 'revert' } } : written;
      const variants = agreement.term.variants?.map((v) => v.id) ?? [undefined];
      for (const variant of variants)
        it(`${dir}${variant ? ` (${variant})` : ''}, after the term ${afterEnd}: the no-deal rates`, () => {
          const years = agreement.term.variants?.find((v) => v.id === variant)?.years ?? agreement.term.years;
          const termEnds = addYears(agreement.term.start, years);
          const evaluation = evaluate(
            nothingHappens(agreement),
            [],
            termEnds,
            variant === undefined ? {} : { variant },
          );
          const setup = prepareTerm(agreement, tables, DEFAULT_TERM_ASSUMPTIONS, variant);
          expect(setup.tracks.length).toBeGreaterThan(0);
          for (const track of setup.tracks) {
            const schedule = evaluation.tracks.find((t) => t.track === track.id)!;
            setup.yearBounds.forEach((year, y) => {
              const expected = dailyAverage(schedule, year.from, year.to);
              expect(track.noDeal[y], `${track.id} year ${y + 1}`).toBeCloseTo(expected, 12);
              // While the overlay runs, no deal keeps the start rate: never a step's or a snap-back's.
              if (expected > 0) expect(expected).toBeLessThanOrEqual(track.startRate + 1e-12);
            });
          }
        });
    }
});
