/**
 * @module tariff/declared-facts
 * The facts of an entry line that a user declares beyond its code, origin, date and value — the ones the law
 * turns on (USMCA claimed, metal content, loading date, quota status …) — read from text by one reader each.
 * A fact has one name (the duty API's query parameter, `metalShare`), an option of `accord duty`
 * (`--metal-share`) and a bulk CSV column (`metal_share`); a message names the fact as the user wrote it.
 * Facts left out, or given as empty text (an empty form field or CSV cell), are not declared: the engine uses
 * its stated default and lists it among the result's assumptions.
 */
import type { DutyInput } from './duty/types.js';
import {
  type Parsed,
  parseChoiceField,
  parseCountryField,
  parseDateField,
  parseMoneyField,
  parsePercentField,
  parseQuantityPairs,
  parseYesNoField,
} from './entry-fields.js';
import { AUTO_PART_USES, END_USES, PHARMA_TYPES, QUOTA_STATUSES } from './layer.js';

/** Each fact by its name: the {@link DutyInput} field it fills, its `accord duty` option and its CSV column. */
export const DECLARED_FACTS = {
  mfn: { field: 'mfn', option: '--mfn', column: 'mfn' },
  weightKg: { field: 'weightKg', option: '--weight-kg', column: 'weight_kg' },
  qty: { field: 'quantities', option: '--qty', column: 'qty_KEY' },
  metalContentUsd: { field: 'metalContent', option: '--metal-content-usd', column: 'metal_content_usd' },
  metalShare: { field: 'metalShare', option: '--metal-share', column: 'metal_share' },
  metalWeightPct: { field: 'metalWeightShare', option: '--metal-weight-pct', column: 'metal_weight_pct' },
  usContentPct: { field: 'usContentShare', option: '--us-content-pct', column: 'us_content_pct' },
  loaded: { field: 'loaded', option: '--loaded', column: 'loaded' },
  usmca: { field: 'usmca', option: '--usmca', column: 'usmca' },
  caftaDr: { field: 'caftaDr', option: '--cafta-dr', column: 'cafta_dr' },
  quota: { field: 'quota', option: '--quota', column: 'quota' },
  semiconductor39b: { field: 'semiconductor39b', option: '--semiconductor-39b', column: 'semiconductor_39b' },
  craneAttestation: { field: 'craneAttestation', option: '--crane-attestation', column: 'crane_attestation' },
  transshipped: { field: 'transshipped', option: '--transshipped', column: 'transshipped' },
  pharma: { field: 'pharma', option: '--pharma', column: 'pharma' },
  endUse: { field: 'endUse', option: '--end-use', column: 'end_use' },
  autoPartUse: { field: 'autoPartUse', option: '--auto-part-use', column: 'auto_part_use' },
  meltPour: { field: 'meltPour', option: '--melt-pour', column: 'melt_pour' },
} as const satisfies Record<string, { field: keyof DutyInput; option: string; column: string }>;

/** A declared fact's name (the duty API's query parameter). */
export type FactName = keyof typeof DECLARED_FACTS;

/** The facts' names, in the order they are read (so the first problem of a line is always the same one). */
export const FACT_NAMES = Object.keys(DECLARED_FACTS) as FactName[];

/** The facts answered yes or no; `accord duty` gives them as flags (booleans), others as text. */
export type YesNoFact = 'usmca' | 'caftaDr' | 'semiconductor39b' | 'craneAttestation' | 'transshipped';

/** The {@link DutyInput} fields the declared facts fill. */
export type DeclaredFacts = Pick<DutyInput, (typeof DECLARED_FACTS)[FactName]['field']>;

/** Declared facts as given: text by name (a CLI option's value, a query parameter), flags as booleans. */
export type FactTexts = {
  [K in FactName]?: K extends 'qty'
    ? string | readonly string[]
    : K extends YesNoFact
      ? string | boolean
      : string;
};

/** A declared fact that cannot be read, or that conflicts with another: the fact and what to write instead. */
export interface FactProblem {
  fact: FactName;
  /** `duty-input-invalid`, or `facts-conflict` for two facts that may not be given together. */
  code: 'duty-input-invalid' | 'facts-conflict';
  message: string;
}

const into =
  <T>(wrap: (value: T) => DeclaredFacts) =>
  (parsed: Parsed<T>): Parsed<DeclaredFacts> =>
    parsed.ok ? { ok: true, value: wrap(parsed.value) } : parsed;

/** What `yes` means for each yes-or-no fact, said when the answer is neither. */
const YES_MEANS: Record<YesNoFact, string> = {
  usmca: 'USMCA preference claimed or not',
  caftaDr: 'CAFTA-DR preference claimed or not',
  semiconductor39b: 'meets U.S. note 39(b) or not',
  craneAttestation: 'attested under 9903.91.15 or not',
  transshipped: 'determined by CBP to have been transshipped to evade the IEEPA duties, or not',
};

/**
 * The one reader of each fact written as a single text, under the name the user wrote it as. The column-1
 * rate and the weight stay text: the engine reads them (pointing at `/mfn`, `/weightKg`).
 */
const READERS: {
  [K in Exclude<FactName, 'qty'>]: (name: string, text: string) => Parsed<DeclaredFacts>;
} = {
  mfn: (_, t) => ({ ok: true, value: { mfn: t } }),
  weightKg: (_, t) => ({ ok: true, value: { weightKg: t } }),
  metalContentUsd: (n, t) => into((metalContent: bigint) => ({ metalContent }))(parseMoneyField(n, t)),
  metalShare: (n, t) => into((metalShare: number) => ({ metalShare }))(parsePercentField(n, t)),
  metalWeightPct: (n, t) =>
    into((metalWeightShare: number) => ({ metalWeightShare }))(parsePercentField(n, t)),
  usContentPct: (n, t) => into((usContentShare: number) => ({ usContentShare }))(parsePercentField(n, t)),
  loaded: (n, t) => into((loaded: DutyInput['loaded']) => ({ loaded }))(parseDateField(n, t)),
  usmca: (n, t) => into((usmca: boolean) => ({ usmca }))(parseYesNoField(n, t, YES_MEANS.usmca)),
  caftaDr: (n, t) => into((caftaDr: boolean) => ({ caftaDr }))(parseYesNoField(n, t, YES_MEANS.caftaDr)),
  quota: (n, t) => into((quota: DutyInput['quota']) => ({ quota }))(parseChoiceField(n, t, QUOTA_STATUSES)),
  semiconductor39b: (n, t) =>
    into((semiconductor39b: boolean) => ({ semiconductor39b }))(
      parseYesNoField(n, t, YES_MEANS.semiconductor39b),
    ),
  craneAttestation: (n, t) =>
    into((craneAttestation: boolean) => ({ craneAttestation }))(
      parseYesNoField(n, t, YES_MEANS.craneAttestation),
    ),
  transshipped: (n, t) =>
    into((transshipped: boolean) => ({ transshipped }))(parseYesNoField(n, t, YES_MEANS.transshipped)),
  pharma: (n, t) =>
    into((pharma: DutyInput['pharma']) => ({ pharma }))(parseChoiceField(n, t, PHARMA_TYPES, 'U.S. note 40')),
  endUse: (n, t) =>
    into((endUse: DutyInput['endUse']) => ({ endUse }))(parseChoiceField(n, t, END_USES, 'U.S. note 39(d)')),
  autoPartUse: (n, t) =>
    into((autoPartUse: DutyInput['autoPartUse']) => ({ autoPartUse }))(
      parseChoiceField(n, t, AUTO_PART_USES, 'U.S. note 33(p)–(u)'),
    ),
  meltPour: (n, t) => into((meltPour: string) => ({ meltPour }))(parseCountryField(n, t)),
};

/**
 * One fact written as a single text (not `qty`), read into the fields it fills; `name` is how the user wrote
 * it (`metal_share` in a CSV), for the message.
 *
 * @example
 * readFact('metalShare', 'metal_share', '40') // { ok: true, value: { metalShare: 400_000 } }
 * readFact('usmca', 'usmca', 'maybe').ok      // false: "usmca "maybe" must be yes or no, or true or false (…)"
 */
export function readFact(fact: Exclude<FactName, 'qty'>, name: string, text: string): Parsed<DeclaredFacts> {
  return READERS[fact](name, text);
}

/** The texts given for a fact, without empty ones (an empty field declares nothing). */
function textsOf(given: string | boolean | readonly string[] | undefined): readonly string[] {
  if (given === undefined || typeof given === 'boolean') return given === undefined ? [] : [String(given)];
  return (typeof given === 'string' ? [given] : given).filter((t) => t !== '');
}

/**
 * Every declared fact given, read into the fields of a {@link DutyInput}, with every problem (not the first
 * only: the user fixes the line once). `name` says how each fact is named in messages (default: its name,
 * as the API's query parameters are). Metal content is declared in dollars or as a share of value, not both.
 *
 * @example
 * readDeclaredFacts({ usmca: 'true', metalShare: '40', loaded: '' })
 * // { facts: { metalShare: 400_000, usmca: true }, problems: [] }
 * readDeclaredFacts({ metalShare: '140' }, (f) => DECLARED_FACTS[f].option).problems
 * // [{ fact: 'metalShare', code: 'duty-input-invalid', message: '--metal-share "140" must be a percent between 0 and 100, e.g. 25' }]
 */
export function readDeclaredFacts(
  texts: FactTexts,
  name: (fact: FactName) => string = (fact) => fact,
): { facts: DeclaredFacts; problems: FactProblem[] } {
  const facts: DeclaredFacts = {};
  const problems: FactProblem[] = [];
  const take = (fact: FactName, parsed: Parsed<DeclaredFacts>) => {
    if (parsed.ok) Object.assign(facts, parsed.value);
    else problems.push({ fact, code: 'duty-input-invalid', message: parsed.message });
  };
  const declared = (fact: FactName) => textsOf(texts[fact]).length > 0;
  for (const fact of FACT_NAMES) {
    const given = texts[fact];
    if (fact === 'qty') {
      const list = textsOf(given);
      if (list.length > 0)
        take(
          fact,
          into((quantities: DutyInput['quantities']) => ({ quantities }))(
            parseQuantityPairs(name(fact), list),
          ),
        );
    } else if (typeof given === 'boolean') take(fact, readFact(fact, name(fact), given ? 'yes' : 'no'));
    else if (typeof given === 'string' && given !== '') take(fact, readFact(fact, name(fact), given));
  }
  if (declared('metalContentUsd') && declared('metalShare'))
    problems.push({
      fact: 'metalShare',
      code: 'facts-conflict',
      message: `give ${name('metalContentUsd')} (the metal content in US dollars) or ${name('metalShare')} (as a percent of the value), not both`,
    });
  return { facts, problems };
}

/**
 * The fact a {@link DutyInput} field belongs to (`metalContent` → `metalContentUsd`, `quantities` → `qty`),
 * so that an engine problem pointing at a field (`/metalContent`, `/quantities/liter`) can name the fact.
 *
 * @example
 * factOfField('metalWeightShare') // 'metalWeightPct'
 * factOfField('origin')           // undefined
 */
export function factOfField(field: string): FactName | undefined {
  return FACT_NAMES.find((f) => DECLARED_FACTS[f].field === field);
}
