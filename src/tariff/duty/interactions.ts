/**
 * @module tariff/duty/interactions
 * The third stage of the duty pipeline: how a layer that may apply meets the others and the line's declared
 * facts. Interactions are data (see {@link Interaction}): non-stacking (`skip-if`), retroactive replacement,
 * metal-content remainders, the US-content split, exemption lists and declared facts, in the order the rule
 * base gives them; then an agreement's localized relief (the share earned by verified investment) and the
 * 2026 annex's metal-weight test. What comes out is the base the layer charges, or why it does not apply.
 */
import type { IsoDate } from '../../_lib/date.js';
import { applyRate, type Cents, formatPercent, formatUsd } from '../../_lib/money.js';
import { countryLabel } from '../countries.js';
import type { DeclaredFact, ExemptShare, Interaction, Layer } from '../layer.js';
import type { RuleBase } from '../rule-base.js';
import { type Assume, CAFTA_DR_DEFAULT, USMCA_DEFAULT } from './assumptions.js';
import { CAFTA_DR_PARTIES, USMCA_PARTIES } from './column-1.js';
import { inWindow } from './eligibility.js';
import type { DutyInput, TariffEngine } from './types.js';

/** A layer charged so far on the line: its base and the heading it was filed under. */
export interface Applied {
  base: Cents;
  heading: string;
}

/** A yes-or-no fact: 'no' when the line does not declare it. */
function yesNo(flag: boolean | undefined): { value: string; defaulted: boolean } {
  return { value: flag ? 'yes' : 'no', defaulted: flag === undefined };
}

/**
 * The value of a declared fact on a line, and whether it is the default. A preference no good of the origin can
 * claim (USMCA outside Canada and Mexico, CAFTA-DR outside its six parties; claiming it is refused) is simply not
 * claimed: saying so as an assumption would be noise on every line of every other country.
 */
function declaredValue(fact: DeclaredFact, input: DutyInput): { value: string; defaulted: boolean } {
  switch (fact) {
    case 'usmca':
      return USMCA_PARTIES.has(input.origin) ? yesNo(input.usmca) : { value: 'no', defaulted: false };
    case 'quota':
      return { value: input.quota ?? 'within', defaulted: input.quota === undefined };
    case 'melt-pour':
      return { value: input.meltPour ?? input.origin, defaulted: input.meltPour === undefined };
    case 'semiconductor-39b':
      return yesNo(input.semiconductor39b);
    case 'end-use':
      return { value: input.endUse ?? 'none', defaulted: input.endUse === undefined };
    case 'pharma':
      return { value: input.pharma ?? 'generic', defaulted: input.pharma === undefined };
    case 'crane-attestation':
      return yesNo(input.craneAttestation);
    case 'transshipped':
      return yesNo(input.transshipped);
    case 'cafta-dr':
      return CAFTA_DR_PARTIES.has(input.origin) ? yesNo(input.caftaDr) : { value: 'no', defaulted: false };
    case 'auto-part-use':
      return { value: input.autoPartUse ?? 'none', defaulted: input.autoPartUse === undefined };
  }
}

/** The kinds of pharmaceutical article of U.S. note 40, in words. */
const PHARMA_WORDS: Record<string, string> = {
  patented: 'a patented pharmaceutical article',
  specialty: 'a specialty pharmaceutical product of U.S. note 40(h)(iii)',
  generic: 'a generic pharmaceutical article',
  other: 'a pharmaceutical article neither patented nor generic',
};

/** The uses of an automobile part an importer certifies under U.S. note 33(p)–(u), as the note says them. */
const AUTO_PART_USE_WORDS: Record<string, string> = {
  'us-production-repair':
    'certified by the importer for automobile production or repair activity in the United States (U.S. note 33(p), (r))',
  'uk-vehicles':
    'certified by the importer for use in automobiles that are products of the United Kingdom (U.S. note 33(q))',
  'us-mhd-production-repair':
    'certified by the importer for medium- or heavy-duty vehicle production or repair activity in the United States (U.S. note 38(j))',
  none: 'not certified as an automobile part for production or repair in the United States (U.S. note 33(p)–(u))',
};

/** The end uses of U.S. note 39(d), as the note says them. */
const END_USE_WORDS: Record<string, string> = {
  'data-center': 'for use in U.S. data centers',
  repair: 'for repairs or replacements performed in the United States',
  'r-and-d': 'for research and development in the United States',
  startup: 'for use by startups in the United States',
  consumer: 'for use in non-data center consumer electronics applications in the United States',
  industrial: 'for use in non-data center civil industrial applications in the United States',
  'public-sector': 'for use in United States public sector applications',
};

function factWords(fact: DeclaredFact, value: string): string {
  switch (fact) {
    case 'usmca':
      return value === 'yes' ? 'USMCA qualification claimed' : 'USMCA qualification not claimed';
    case 'quota':
      return value === 'over' ? 'entered after the quota filled' : 'entered within the tariff-rate quota';
    case 'melt-pour':
      return `metal melted and poured (aluminum: smelted and cast) in ${countryLabel(value)}`;
    case 'semiconductor-39b':
      return value === 'yes'
        ? 'meets the technical parameters of U.S. note 39(b)'
        : 'does not meet the technical parameters of U.S. note 39(b)';
    case 'end-use':
      return END_USE_WORDS[value] ?? 'no US end use of U.S. note 39(d) claimed';
    case 'pharma':
      return PHARMA_WORDS[value] ?? value;
    case 'crane-attestation':
      return value === 'yes'
        ? 'the importer attests under 9903.91.15 that the crane is not of China, has no Chinese components of U.S. note 31(l)(ii) and is not made by a Chinese-owned company'
        : 'no attestation under 9903.91.15';
    case 'transshipped':
      return value === 'yes'
        ? 'CBP has determined that the goods were transshipped to evade the IEEPA duties'
        : 'no CBP determination that the goods were transshipped';
    case 'cafta-dr':
      return value === 'yes' ? 'CAFTA-DR originating, preference claimed' : 'CAFTA-DR preference not claimed';
    case 'auto-part-use':
      return AUTO_PART_USE_WORDS[value] ?? value;
  }
}

/** How the result's assumptions say the default a line took for a fact it did not declare. */
function defaultWords(fact: DeclaredFact, value: string): string {
  switch (fact) {
    case 'melt-pour':
      return `${value}, the country of origin`;
    case 'usmca':
      return USMCA_DEFAULT;
    case 'semiconductor-39b':
      return 'the article does not meet the technical parameters of U.S. note 39(b), so it files 9903.79.02 (note 39(c)) at no additional duty';
    case 'end-use':
      return 'no US end use of U.S. note 39(d) claimed (9903.79.03–.09), so a note 39(b) article owes 9903.79.01';
    case 'crane-attestation':
      return 'no attestation under 9903.91.15 (U.S. note 31(l)(iv)), so a ship-to-shore gantry crane owes 9903.91.14';
    case 'pharma':
      return 'a generic pharmaceutical article (9903.04.67, no Section 232 duty); a patented one owes up to 100% (9903.04.60–.63)';
    case 'transshipped':
      return 'no CBP determination that the goods were transshipped to evade the IEEPA duties, so the country rate applies rather than 40% under 9903.02.01 (Canada: 9903.01.16)';
    case 'cafta-dr':
      return CAFTA_DR_DEFAULT;
    case 'auto-part-use':
      return 'no certification by the importer that the good is an automobile part for production or repair in the United States (U.S. note 33(p)) or a medium- or heavy-duty vehicle part (note 38(j)), so 9903.94.07, its country headings and 9903.74.09 do not apply';
    default:
      return factWords(fact, value);
  }
}

/** The relieved share in force on a date: the last one whose `from` is on or before it. */
function shareOn(shares: readonly ExemptShare[], date: IsoDate): ExemptShare | undefined {
  let found: ExemptShare | undefined;
  for (const s of shares) if (s.from <= date && (found === undefined || s.from >= found.from)) found = s;
  return found;
}

/** What an interaction reads: the line, the layers applied so far, and the base it would change. */
export interface InteractionContext {
  input: DutyInput;
  code: string;
  applied: ReadonlyMap<string, Applied>;
  scopes: RuleBase['scopes'];
  base: Cents;
  /** False: skip and note texts are left empty (computeDuty's explain option). */
  explain: boolean;
  /** Records a default used for a fact the line did not declare. */
  assume: Assume;
}

/** A single Chapter 99 heading, as CBP takes it on an entry line (not a range or a note). */
const CLAIM_HEADING = /^9903\.\d{2}\.\d{2}$/;

/**
 * The heading under which the exemption an interaction grants is claimed on the entry, filed as its own line
 * at no duty (9903.01.32, 9903.01.14, 9903.03.03 …): exemption lists, declared facts and non-stacking rules
 * that name one. A retroactive replacement is no claim: the layer was filed at entry.
 */
function claimOf(inter: Interaction): string | undefined {
  if (inter.kind === 'replaced-retroactively' || inter.heading === undefined) return undefined;
  return CLAIM_HEADING.test(inter.heading) ? inter.heading : undefined;
}

/** One interaction's effect: skip the layer, or change its base; undefined when it does not bite. */
export function applyInteraction(
  inter: Interaction,
  ctx: InteractionContext,
): { skip: string } | { base: Cents; note: string } | undefined {
  const cite = (text: () => string) =>
    ctx.explain ? `${text()}${inter.heading ? ` — ${inter.heading}` : ''} (${inter.source})` : '';
  switch (inter.kind) {
    case 'skip-if':
    case 'replaced-retroactively': {
      let hit: Applied | undefined;
      for (const id of inter.layers) {
        hit = ctx.applied.get(id);
        if (hit !== undefined) break;
      }
      if (!hit) return undefined;
      return { skip: cite(() => `${inter.reason}: ${hit.heading} applies`) };
    }
    case 'remainder-after': {
      let charged = 0n;
      const headings: string[] = [];
      for (const id of inter.layers) {
        const a = ctx.applied.get(id);
        if (a) {
          charged += a.base;
          headings.push(a.heading);
        }
      }
      if (headings.length === 0) return undefined;
      const base = ctx.base > charged ? ctx.base - charged : 0n;
      return {
        base,
        note: cite(
          () =>
            `${inter.lead ?? 'non-metal content only'}: value less ${formatUsd(charged)} charged under ${headings.join(', ')}; ${inter.reason}`,
        ),
      };
    }
    case 'us-content-split': {
      const share = ctx.input.usContentShare;
      if (share === undefined) ctx.assume('us-content', 'no US content');
      if (share === undefined || share < inter.minShare) {
        if (!inter.required) return undefined;
        const declared =
          share === undefined ? 'no US content declared' : `US content ${formatPercent(share)}%`;
        return { skip: cite(() => `${inter.reason} (${declared})`) };
      }
      const usContent = applyRate(ctx.input.value, share);
      const base = ctx.base > usContent ? ctx.base - usContent : 0n;
      return {
        base,
        note: cite(
          () => `US content ${formatPercent(share)}% (${formatUsd(usContent)}) excluded; ${inter.reason}`,
        ),
      };
    }
    case 'exempt-products': {
      const hit = ctx.scopes.match(ctx.code, inter.lists);
      return hit.match === 'yes' ? { skip: cite(() => inter.reason) } : undefined;
    }
    case 'exempt-countries':
      return inter.countries.includes(ctx.input.origin) ? { skip: cite(() => inter.reason) } : undefined;
    case 'declared': {
      // A fact that decides only for some products says nothing (and assumes nothing) for the others.
      if (inter.lists && ctx.scopes.match(ctx.code, inter.lists).match !== 'yes') return undefined;
      const { value, defaulted } = declaredValue(inter.fact, ctx.input);
      if (defaulted && (!inter.assumeFor || ctx.scopes.match(ctx.code, inter.assumeFor).match === 'yes')) {
        ctx.assume(inter.fact, defaultWords(inter.fact, value));
      }
      const skip =
        (inter.skipWhen?.includes(value) ?? false) ||
        (inter.skipUnless !== undefined && !inter.skipUnless.includes(value));
      if (!skip) return undefined;
      return {
        skip: cite(
          () => `${inter.reason} (${factWords(inter.fact, value)}${defaulted ? ', by default' : ''})`,
        ),
      };
    }
  }
}

/**
 * The stage's verdict on one layer: `refused` with the reason to list it as not applied, or the base it
 * charges with the notes that explain it. `retro` is the reason of a retroactive replacement: the layer is
 * listed as not applied, with what it would have charged at entry.
 */
export type Interacted =
  | { refused: string; claim?: string }
  | { refused?: undefined; base: Cents; notes: string[]; retro?: string; claim?: string };

/**
 * Run the layer's interactions, its localized relief and its metal-weight test on `ctx.base` (the base
 * stage's), adding to `notes` and to `uncertain` the doubts of the interactions that bit.
 *
 * @example
 * interactions(s232Parts, ctx, notes, uncertain)
 * // { refused: 'USMCA-qualifying parts … (9903.94.06)' } when the USMCA claim exempts them
 */
export function interactions(
  layer: Layer,
  ctx: InteractionContext,
  notes: string[],
  uncertain: string[],
): Interacted {
  const { input, explain } = ctx;
  let base = ctx.base;
  let retro: string | undefined;
  // The claim heading of a split that took part of the base off (9903.03.06 for the metal content, 9903.01.34
  // for US content): the entry files it beside the heading that charges the rest.
  let claim: string | undefined;
  // One context for the layer's interactions, its base updated as they change it (not a copy per interaction).
  const at: InteractionContext = { ...ctx };
  for (const inter of layer.interactions) {
    if (!inWindow(input.date, inter.from, inter.until)) continue;
    at.base = base;
    const result = applyInteraction(inter, at);
    if (result === undefined) continue;
    if (inter.uncertain) uncertain.push(inter.uncertain);
    if ('skip' in result) {
      if (inter.kind !== 'replaced-retroactively') {
        // A split's heading is filed for the part it takes off; a split that refuses the layer takes nothing off.
        const claim = inter.kind === 'us-content-split' ? undefined : claimOf(inter);
        return claim === undefined ? { refused: result.skip } : { refused: result.skip, claim };
      }
      retro = result.skip;
      break;
    }
    base = result.base;
    claim ??= claimOf(inter);
    if (explain) notes.push(result.note);
  }

  if (layer.exemptShare) {
    // Localized relief: only the share earned by verified investment by this date is charged here; the
    // program's other layers charge the rest (their `remainder-after` names this layer).
    const inForce = shareOn(layer.exemptShare, input.date);
    if (inForce === undefined || inForce.share === 0) {
      const next = layer.exemptShare.find((s) => s.from > input.date && s.share > 0);
      return {
        refused: `localized relief for ${input.importer}: no share relieved on ${input.date}${
          next
            ? ` (the first verified investment relieves ${formatPercent(next.share)}% from ${next.from}, facts ${next.facts.join(', ')})`
            : ' (no verified investment yet)'
        }, so the line pays the other layers in full`,
      };
    }
    const relieved = applyRate(base, inForce.share);
    if (explain)
      notes.push(
        `relieved share ${formatPercent(inForce.share)}% of ${formatUsd(base)} for importer ${input.importer}, in effect from ${inForce.from} on verified investment (facts ${inForce.facts.join(', ')})`,
      );
    base = relieved;
  }

  const noMetal = layer.metalWeight?.noMetal;
  if (noMetal && input.metalWeightShare === 0) {
    // No metal at all: its own heading, in every chapter (the 15% weight test does not reach chapters 72-76).
    return {
      refused: `the article is declared to contain none of the metal (--metal-weight-pct 0); ${noMetal.heading} (${noMetal.source})`,
      claim: noMetal.heading,
    };
  }
  if (layer.metalWeight && !layer.metalWeight.exceptChapters.includes(ctx.code.slice(0, 2))) {
    const mw = layer.metalWeight;
    if (input.metalWeightShare === undefined) {
      ctx.assume('metal-weight', `metal is at least ${formatPercent(mw.minShare)}% of the article's weight`);
      if (explain)
        notes.push(
          `metal weight share not given (--metal-weight-pct): assumed at least ${formatPercent(mw.minShare)}% of weight`,
        );
    } else if (input.metalWeightShare < mw.minShare) {
      // Filed at $0.00 under the heading for such articles (9903.82.03), as CBP reports the other claims.
      return {
        refused: `metal is ${formatPercent(input.metalWeightShare)}% of the article's weight, below ${formatPercent(mw.minShare)}% (outside chapters ${mw.exceptChapters.join('/')}); ${mw.heading} (${mw.source})`,
        claim: mw.heading,
      };
    }
  }
  return {
    base,
    notes,
    ...(retro !== undefined && { retro }),
    ...(claim !== undefined && { claim }),
  };
}

/**
 * Whether an interaction can ever bite on `code` (digits) in an engine whose layers have the ids `ids`: an
 * exemption list that does not cover the code never does, nor a rule about other layers when none of them is
 * in the engine (only its layers are ever charged, so only they can be in `applied`). `covered` remembers the
 * lists' answers for the code.
 */
function canBite(
  inter: Interaction,
  code: string,
  scopes: RuleBase['scopes'],
  ids: ReadonlySet<string>,
  covered: Map<Interaction, boolean>,
): boolean {
  switch (inter.kind) {
    case 'exempt-products': {
      let yes = covered.get(inter);
      if (yes === undefined) {
        yes = scopes.match(code, inter.lists).match === 'yes';
        covered.set(inter, yes);
      }
      return yes;
    }
    case 'declared': {
      if (!inter.lists) return true;
      let yes = covered.get(inter);
      if (yes === undefined) {
        yes = scopes.match(code, inter.lists).match === 'yes';
        covered.set(inter, yes);
      }
      return yes;
    }
    case 'skip-if':
    case 'replaced-retroactively':
    case 'remainder-after':
      return inter.layers.some((id) => ids.has(id));
    default:
      return true;
  }
}

/**
 * The engine with each layer keeping only the interactions that can bite on this code (digits): the same
 * duty for the code, and the same era boundaries or fewer (an interaction that never bites changes nothing on
 * its dates), for less work per line. Bulk assessment makes its plans with it, after narrowing the engine to
 * the code and the origin. `covered` may carry over between calls for the same code and rule base.
 */
export function narrowInteractions(
  engine: TariffEngine,
  code: string,
  covered = new Map<Interaction, boolean>(),
): TariffEngine {
  const scopes = engine.ruleBase.scopes;
  const ids = new Set(engine.layers.map((l) => l.id));
  const layers = engine.layers.map((layer) => {
    const kept = layer.interactions.filter((inter) => canBite(inter, code, scopes, ids, covered));
    return kept.length === layer.interactions.length ? layer : { ...layer, interactions: kept };
  });
  return { ...engine, layers };
}
