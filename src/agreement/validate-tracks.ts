/**
 * @module agreement/validate-tracks
 * Whole-file rules about tariff tracks: step ids are unique, gated steps name milestones and follow their
 * deadlines, dated steps ascend without overlapping and before the track ends, snap-back triggers carry
 * only the fields their event uses, and localized relief follows a commitment that promises capital.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Agreement } from './model.js';
import type { Step, Track } from './schema.js';
import type { Checker, IdSet, Ptr } from './validate-ids.js';

/** Milestone ids a step's `after` names. */
function gateIds(after: Step['after']): string[] {
  if (after === undefined) return [];
  if (typeof after === 'string') return [after];
  return 'all' in after ? after.all : after.any;
}

function gatePath(after: Step['after'], base: Ptr): Ptr[] {
  if (after === undefined) return [];
  if (typeof after === 'string') return [base];
  return 'all' in after
    ? after.all.map((_, i) => [...base, 'all', i])
    : after.any.map((_, i) => [...base, 'any', i]);
}

/** One track's rules; gate and snap-back milestones it names are added to `used`. */
export function checkTrack(
  track: Track,
  base: Ptr,
  check: Checker,
  ids: { milestones: IdSet; commitments: IdSet },
  deadlines: Map<string, IsoDate>,
  used: Set<string>,
): void {
  // Step ids are unique within their track.
  const stepIds = new Map<string, number>();
  track.steps.forEach((step, s) => {
    if (step.id === undefined) return;
    const first = stepIds.get(step.id);
    if (first !== undefined)
      check.error(
        'duplicate-id',
        `step id "${step.id}" is used twice in track "${track.id}"; the first is step ${first + 1}`,
        [...base, 'steps', s, 'id'],
      );
    else stepIds.set(step.id, s);
  });

  const end = track.end?.on;
  if (end !== undefined && end <= track.start.from)
    check.error('dates-out-of-order', `the track ends on ${end}, not after it starts (${track.start.from})`, [
      ...base,
      'end',
      'on',
    ]);

  checkSteps(track, base, check, ids.milestones, deadlines, used);

  if (track.snapBack) {
    track.snapBack.on.forEach((trigger, k) => {
      const at = [...base, 'snapBack', 'on', k];
      if (trigger.milestones !== undefined && trigger.event !== 'milestone-missed')
        check.error('misplaced-field', `milestones applies to event milestone-missed, not ${trigger.event}`, [
          ...at,
          'milestones',
        ]);
      if (trigger.afterDays !== undefined && !['clawback-unpaid', 'funding-refused'].includes(trigger.event))
        check.error(
          'misplaced-field',
          `afterDays applies to events clawback-unpaid and funding-refused, not ${trigger.event}`,
          [...at, 'afterDays'],
        );
      trigger.milestones?.forEach((id, j) => {
        if (ids.milestones.ref(id, [...at, 'milestones', j])) used.add(id);
      });
    });
  }

  if (track.exemptShare)
    ids.commitments.ref(track.exemptShare.commitment, [...base, 'exemptShare', 'commitment']);
}

/** Steps have a trigger, gated steps follow their milestones' deadlines, dated steps ascend and do not overlap. */
function checkSteps(
  track: Track,
  base: Ptr,
  check: Checker,
  milestones: IdSet,
  deadlines: Map<string, IsoDate>,
  used: Set<string>,
): void {
  const end = track.end?.on;
  let lastDated: { step: Step; index: number } | undefined;
  let lastGated: { deadline: IsoDate; index: number; ids: string[] } | undefined;
  let previousRate = track.start.rate;
  let previousMode = track.start.mode ?? track.mode;
  track.steps.forEach((step, s) => {
    const at = [...base, 'steps', s];
    if (step.on === undefined && step.after === undefined)
      check.error(
        'step-needs-trigger',
        'a step needs `on: YYYY-MM-DD` (a dated step) or `after: <milestone>` (a gated step), or both',
        at,
      );

    // Gating milestones exist, and later steps are not due before earlier ones.
    const gates = gateIds(step.after);
    const paths = gatePath(step.after, [...at, 'after']);
    const known = gates.filter((id, g) => milestones.ref(id, paths[g]!));
    for (const id of known) used.add(id);
    if (known.length === gates.length && gates.length > 0) {
      const dates = gates.map((id) => deadlines.get(id)!).sort();
      // `all` is due when its last milestone is; `any` when its first one is.
      const deadline = (
        typeof step.after === 'object' && 'any' in step.after ? dates[0] : dates[dates.length - 1]
      )!;
      if (lastGated && deadline < lastGated.deadline)
        check.error(
          'steps-out-of-order',
          `this step is gated on ${gates.join(', ')} (due ${deadline}), earlier than step ${lastGated.index + 1}'s ${lastGated.ids.join(', ')} (due ${lastGated.deadline}); order gated steps by their milestones' deadlines`,
          [...at, 'after'],
        );
      lastGated = { deadline, index: s, ids: gates };
    }

    // Dated steps ascend and do not overlap; `until` comes after `on`.
    if (step.until !== undefined && step.on !== undefined && step.until <= step.on)
      check.error(
        'dates-out-of-order',
        `the step ends (until ${step.until}) before or on the day it starts (on ${step.on})`,
        [...at, 'until'],
      );
    if (step.on !== undefined) {
      if (!lastDated && step.on < track.start.from)
        check.error(
          'dates-out-of-order',
          `the track starts from ${track.start.from}, after its first dated step (${step.on}); start.from must come first`,
          [...base, 'start', 'from'],
        );
      if (lastDated) {
        const prev = lastDated.step;
        if (step.on <= prev.on!)
          check.error(
            'steps-out-of-order',
            `dated steps must ascend: ${step.on} is not after step ${lastDated.index + 1}'s ${prev.on}`,
            [...at, 'on'],
          );
        else if (prev.until !== undefined && prev.until > step.on)
          check.error(
            'steps-overlap',
            `step ${lastDated.index + 1} runs until ${prev.until}, past this step's start (${step.on}); two steps cannot be in force on the same day`,
            [...at, 'on'],
          );
      }
      if (end !== undefined && step.on >= end)
        check.error(
          'dates-out-of-order',
          `this step starts ${step.on}, on or after the track ends (${end}); it would never apply`,
          [...at, 'on'],
        );
      lastDated = { step, index: s };
    }

    const mode = step.mode ?? previousMode;
    if (mode === previousMode && step.rate > previousRate)
      check.warn(
        'rate-increases',
        `this step raises the rate (${formatPpm(previousRate)} → ${formatPpm(step.rate)}); phase-down steps usually lower it`,
        [...at, 'rate'],
      );
    previousRate = step.rate;
    previousMode = mode;
  });
}

/** 150000 ppm → "15%". */
function formatPpm(ppm: number): string {
  return `${ppm / 10_000}%`;
}

/** exemptShare follows verified capital, so the commitment it follows must promise some. */
export function checkExemptShares(a: Agreement, check: Checker): void {
  a.tracks.forEach((track, t) => {
    if (!track.exemptShare) return;
    const commitment = a.commitments.find((c) => c.id === track.exemptShare!.commitment);
    if (commitment && !commitment.capital)
      check.error(
        'exempt-share-needs-capital',
        `exemptShare follows the capital disbursed by "${commitment.id}", which has no capital commitment; add capital.total to it`,
        ['tracks', t, 'exemptShare', 'commitment'],
      );
  });
}
