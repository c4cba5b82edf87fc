/**
 * @module agreement/validate
 * Whole-file checks that a schema cannot make field by field: ids are unique, every reference names
 * something defined, milestone conditions have no cycles, steps are in order and do not overlap, dates and
 * amounts are consistent. Problems carry a JSON pointer; the loader turns it into line:col.
 */
import { addYears, type IsoDate } from '../_lib/date.js';
import { formatUsd, parseRate, parseUsd } from '../_lib/money.js';
import { type Problem, toPointer } from '../_lib/problem.js';
import { fromPointer } from '../_lib/yaml-locate.js';
import { validateGovernance } from './governance.js';
import type { Agreement, Condition } from './model.js';
import type { Step, Track } from './schema.js';
import { nearest } from './zod-issues.js';

type Kind =
  | 'party'
  | 'source'
  | 'commitment'
  | 'importer'
  | 'obligation'
  | 'milestone'
  | 'track'
  | 'variant'
  | 'auditor';

const PLURAL: Record<Kind, string> = {
  party: 'parties',
  source: 'sources',
  commitment: 'commitments',
  importer: 'importers',
  obligation: 'linked obligations',
  milestone: 'milestones',
  track: 'tracks',
  variant: 'variants',
  auditor: 'registered auditors',
};

/** Where each kind of id is defined, for the "defined at" part of messages. */
const DEFINED_IN: Record<Kind, string> = {
  party: 'parties',
  source: 'sources',
  commitment: 'commitments',
  importer: 'importers',
  obligation: 'linked',
  milestone: 'milestones',
  track: 'tracks',
  variant: 'term.variants',
  auditor: 'verification.auditors.registered',
};

type Ptr = readonly (string | number)[];

/** Collects problems with their pointers; one instance per validation run. */
class Checker {
  readonly problems: Problem[] = [];

  constructor(readonly describe: (pointer: string) => string) {}

  error(code: string, message: string, path: Ptr, params?: Record<string, unknown>): void {
    this.problems.push({ code, message, where: { pointer: toPointer(path) }, ...(params ? { params } : {}) });
  }

  warn(code: string, message: string, path: Ptr): void {
    this.problems.push({ code, message, where: { pointer: toPointer(path) }, severity: 'warning' });
  }
}

/** Ids of one kind, with where each was first defined. */
class IdSet {
  readonly first = new Map<string, Ptr>();
  /** How many references named an undefined id. */
  unknown = 0;

  constructor(
    readonly kind: Kind,
    private readonly check: Checker,
  ) {}

  /** Register the ids of `items` found at `base`; repeats are `duplicate-id`. */
  collect(items: readonly { id?: string | undefined }[], base: Ptr): this {
    items.forEach((item, i) => {
      if (item.id === undefined) return;
      const at = [...base, i, 'id'];
      const earlier = this.first.get(item.id);
      if (earlier) {
        this.check.error(
          'duplicate-id',
          `${this.kind} id "${item.id}" is used twice (first at ${this.check.describe(toPointer(earlier))}); ids must be unique among ${PLURAL[this.kind]}`,
          at,
          { id: item.id, kind: this.kind },
        );
      } else this.first.set(item.id, at);
    });
    return this;
  }

  /** Check every id of a list found at `base` (`base/0`, `base/1` …). */
  refs(list: readonly string[] | undefined, base: Ptr): void {
    list?.forEach((id, i) => {
      this.ref(id, [...base, i]);
    });
  }

  /** Check that `id` (found at `at`) names a defined item; `unknown-reference` otherwise. */
  ref(id: string, at: Ptr): boolean {
    if (this.first.has(id)) return true;
    this.unknown++;
    const defined = [...this.first.keys()];
    // Suggestions cost a distance per defined id; past a few hundred ids they are neither cheap nor useful.
    const suggestion = defined.length <= 500 ? nearest(id, defined) : undefined;
    const hint = suggestion ? ` — did you mean "${suggestion}"?` : '';
    const list =
      defined.length === 0
        ? `no ${PLURAL[this.kind]} are defined; add them under ${DEFINED_IN[this.kind]}`
        : `defined ${PLURAL[this.kind]}: ${defined.slice(0, 20).join(', ')}${defined.length > 20 ? ', …' : ''}`;
    this.check.error('unknown-reference', `${this.kind} "${id}" is not defined (${list})${hint}`, at, {
      id,
      kind: this.kind,
      ...(suggestion ? { suggestion } : {}),
    });
    return false;
  }
}

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

/** Visit every node of a condition tree. */
function walkCondition(condition: Condition, visit: (c: Condition) => void): void {
  visit(condition);
  if (condition.kind === 'all' || condition.kind === 'any')
    for (const c of condition.of) walkCondition(c, visit);
}

/**
 * Check an agreement that passed the schema. Returns errors and warnings (severity `warning`), each with
 * a JSON pointer into the file; an empty list means the agreement is consistent. `describe` renders a
 * pointer for messages that mention a second place (the loader passes one that says "line 21").
 */
export function validateAgreement(
  agreement: Agreement,
  describe: (pointer: string) => string = (pointer) => pointer,
): Problem[] {
  const check = new Checker(describe);
  const a = agreement;

  // Ids, per kind.
  const parties = new IdSet('party', check).collect(a.parties, ['parties']);
  const sources = new IdSet('source', check).collect(a.sources, ['sources']);
  const commitments = new IdSet('commitment', check).collect(a.commitments, ['commitments']);
  const importers = new IdSet('importer', check).collect(a.importers, ['importers']);
  const obligations = new IdSet('obligation', check).collect(a.linked, ['linked']);
  const milestones = new IdSet('milestone', check).collect(a.milestones, ['milestones']);
  new IdSet('track', check).collect(a.tracks, ['tracks']);
  const variants = new IdSet('variant', check).collect(a.term.variants ?? [], ['term', 'variants']);
  new IdSet('auditor', check).collect(a.verification.auditors.registered, [
    'verification',
    'auditors',
    'registered',
  ]);

  checkParties(a, check);
  checkSourceLists(a, sources);
  checkTerm(a, check, variants, milestones);
  checkCommitments(a, check, parties);
  for (const [i, importer] of a.importers.entries())
    commitments.refs(importer.commitments, ['importers', i, 'commitments']);
  checkObligations(a, check, parties);
  checkVerification(a, check);

  // Milestones: references inside conditions, cycles, deadlines.
  const used = new Set<string>();
  for (const m of a.milestones) {
    walkCondition(m.when, (c) => {
      const at = fromPointer(c.pointer);
      if (c.kind === 'milestone') {
        if (milestones.ref(c.milestone, [...at, 'milestone'])) used.add(c.milestone);
      } else if (c.kind === 'obligation') obligations.ref(c.obligation, [...at, 'obligation']);
      else if (c.kind === 'metric') commitments.refs(c.scope.commitments, [...at, 'scope', 'commitments']);
    });
  }
  checkCycles(a, check);

  const deadlines = effectiveDeadlines(a);
  for (const [t, track] of a.tracks.entries()) {
    checkTrack(track, ['tracks', t], check, { milestones, commitments }, deadlines, used);
    importers.refs(track.lines.importers, ['tracks', t, 'lines', 'importers']);
  }

  parties.refs(a.waivers?.approvers, ['waivers', 'approvers']);
  check.problems.push(...validateGovernance(a));
  checkClawback(a, check);
  checkExemptShares(a, check);

  // A funding-refused snap-back (C5) is decided by the milestones that watch selected projects' funding.
  if (a.tracks.some((t) => t.snapBack?.on.some((trigger) => trigger.event === 'funding-refused'))) {
    for (const m of a.milestones) {
      walkCondition(m.when, (c) => {
        if (c.kind === 'metric' && c.metric === 'selectedProjectsFunded') used.add(m.id);
      });
    }
  }
  // A misspelt reference leaves its intended milestone unused; the unknown-reference error says enough.
  a.milestones.forEach((m, i) => {
    if (!used.has(m.id) && !m.reportOnly && milestones.unknown === 0)
      check.warn(
        'unused-milestone',
        `milestone "${m.id}" gates no step, triggers no snap-back and no other milestone needs it, so it changes no rate; mark it reportOnly: true if it is only tracked`,
        ['milestones', i, 'id'],
      );
  });
  return check.problems;
}

function checkParties(a: Agreement, check: Checker): void {
  if (!a.parties.some((p) => p.role === 'importing' || p.role === 'both'))
    check.error('missing-role', 'no party has role "importing"; one party must impose the tariffs', [
      'parties',
    ]);
  if (!a.parties.some((p) => p.role === 'investing' || p.role === 'both'))
    check.error('missing-role', 'no party has role "investing"; one party must make the commitments', [
      'parties',
    ]);
}

/** Every `sources: [...]` list anywhere in the file names sources defined at the top. */
function checkSourceLists(a: Agreement, sources: IdSet): void {
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, [...path, i]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'sources' && path.length > 0 && Array.isArray(v)) {
          v.forEach((id, i) => {
            if (typeof id === 'string') sources.ref(id, [...path, key, i]);
          });
        } else if (key !== 'hash') visit(v, [...path, key]);
      }
    }
  };
  visit(a, []);
}

function termEnd(start: IsoDate, years: number): IsoDate {
  return addYears(start, years);
}

function checkTerm(a: Agreement, check: Checker, variants: IdSet, milestones: IdSet): void {
  if (a.term.start < a.signed)
    check.error(
      'dates-out-of-order',
      `the term starts ${a.term.start}, before the agreement is signed (${a.signed}); a term cannot start before signing`,
      ['term', 'start'],
    );
  if (a.term.default !== undefined) variants.ref(a.term.default, ['term', 'default']);
  const defaultVariant = a.term.variants?.find((v) => v.id === a.term.default);
  (a.term.variants ?? []).forEach((variant, v) => {
    const end = termEnd(a.term.start, variant.years);
    const isDefault = variant === defaultVariant;
    for (const [id, override] of Object.entries(variant.milestones ?? {})) {
      if (!milestones.ref(id, ['term', 'variants', v, 'milestones', id])) continue;
      if (override.by && override.by > end && !isDefault)
        check.warn(
          'dates-out-of-order',
          `under variant "${variant.id}" milestone "${id}" is due ${override.by}, after that term ends (${end})`,
          ['term', 'variants', v, 'milestones', id, 'by'],
        );
    }
    if (isDefault) return;
    // Non-default variants: a base deadline past this variant's end is likely an override forgotten.
    a.milestones.forEach((m, i) => {
      const by = variant.milestones?.[m.id]?.by ?? m.by;
      if (variant.milestones?.[m.id]?.by === undefined && by > end)
        check.warn(
          'dates-out-of-order',
          `under variant "${variant.id}" (${variant.years} years) the term ends ${end}, but milestone "${m.id}" is due ${by}; add a \`by\` override for it under the variant`,
          ['milestones', i, 'by'],
        );
    });
  });
  const years = defaultVariant?.years ?? a.term.years;
  const end = termEnd(a.term.start, years);
  a.milestones.forEach((m, i) => {
    const override = defaultVariant?.milestones?.[m.id]?.by;
    const by = override ?? m.by;
    const at: Ptr = override
      ? ['term', 'variants', a.term.variants!.indexOf(defaultVariant!), 'milestones', m.id, 'by']
      : ['milestones', i, 'by'];
    if (by > end)
      check.error(
        'dates-out-of-order',
        `milestone "${m.id}" is due ${by}, after the term ends (${end}, ${years} years from ${a.term.start}${defaultVariant ? ` under variant "${defaultVariant.id}"` : ''})`,
        at,
      );
    if (by < a.signed)
      check.error(
        'dates-out-of-order',
        `milestone "${m.id}" is due ${by}, before the agreement is signed (${a.signed})`,
        at,
      );
  });
}

function checkCommitments(a: Agreement, check: Checker, parties: IdSet): void {
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

function checkObligations(a: Agreement, check: Checker, parties: IdSet): void {
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

function checkVerification(a: Agreement, check: Checker): void {
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

/** Each milestone's deadline under the default variant (the one evaluated when none is named). */
function effectiveDeadlines(a: Agreement): Map<string, IsoDate> {
  const variant = a.term.variants?.find((v) => v.id === a.term.default);
  return new Map(a.milestones.map((m) => [m.id, variant?.milestones?.[m.id]?.by ?? m.by]));
}

/** Milestone "requires" graph: cycles make a milestone depend on itself. Each cycle is named once. */
function checkCycles(a: Agreement, check: Checker): void {
  const index = new Map(a.milestones.map((m, i) => [m.id, i]));
  const edges = a.milestones.map((m) => {
    const out: { to: number; pointer: string }[] = [];
    walkCondition(m.when, (c) => {
      if (c.kind === 'milestone') {
        const to = index.get(c.milestone);
        if (to !== undefined) out.push({ to, pointer: c.pointer });
      }
    });
    return out;
  });
  const state = new Array<0 | 1 | 2>(a.milestones.length).fill(0);
  const stack: number[] = [];
  const reported = new Set<string>();
  // Iterative DFS: a long chain of milestones must not overflow the call stack.
  for (let root = 0; root < a.milestones.length; root++) {
    if (state[root] !== 0) continue;
    const frames: { node: number; next: number }[] = [{ node: root, next: 0 }];
    state[root] = 1;
    stack.push(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const edge = edges[frame.node]![frame.next++];
      if (!edge) {
        state[frame.node] = 2;
        stack.pop();
        frames.pop();
        continue;
      }
      if (state[edge.to] === 1) {
        const cycle = stack.slice(stack.indexOf(edge.to));
        const key = [...cycle].sort((x, y) => x - y).join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const names = [...cycle, edge.to].map((i) => a.milestones[i]!.id);
          check.error(
            'circular-condition',
            `milestone conditions go round in a circle: ${names.join(' → ')}; none of them could ever be met`,
            [...fromPointer(edge.pointer), 'milestone'],
            { cycle: names },
          );
        }
      } else if (state[edge.to] === 0) {
        state[edge.to] = 1;
        stack.push(edge.to);
        frames.push({ node: edge.to, next: 0 });
      }
    }
  }
}

function checkTrack(
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
    const known = gates.filter((id, g) => ids.milestones.ref(id, paths[g]!));
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

/** 150000 ppm → "15%". */
function formatPpm(ppm: number): string {
  return `${ppm / 10_000}%`;
}

function checkClawback(a: Agreement, check: Checker): void {
  const at = a.clawback?.at ?? [];
  at.forEach((date, i) => {
    if (date < a.signed)
      check.error('dates-out-of-order', `clawback measured on ${date}, before signing (${a.signed})`, [
        'clawback',
        'at',
        i,
      ]);
    const previous = at[i - 1];
    if (previous && date <= previous)
      check.error('dates-out-of-order', `clawback dates must ascend: ${date} comes after ${previous}`, [
        'clawback',
        'at',
        i,
      ]);
  });
}

/** exemptShare follows verified capital, so the commitment it follows must promise some. */
function checkExemptShares(a: Agreement, check: Checker): void {
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
