/**
 * @module tariff/rule-base-model
 * The shape of a compiled rule base, apart from the code that builds it: the YAML compiler (rule-base.ts)
 * and the loader of the shipped JSON (shipped-rule-base.ts) both produce it, and neither needs the other
 * to name it.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Cents, Ppm } from '../_lib/money.js';
import type { Layer } from './layer.js';
import type { Scopes } from './scope-lists.js';

/** MPF bounds of one fiscal year. */
export interface MpfYear {
  fiscalYear: string;
  from: IsoDate;
  until: IsoDate;
  min: Cents;
  max: Cents;
}

/** Fee rules. */
export interface FeeRules {
  mpf: { rate: Ppm; source: string; years: MpfYear[]; afterLastYear: string };
  hmf: { rate: Ppm; transport: string[]; source: string };
}

/** The validated, compiled rule base. */
export interface RuleBase {
  /** First entry date the rule base covers. */
  coverageFrom: IsoDate;
  /** Layers in evaluation order (each after the layers its interactions name). */
  layers: Layer[];
  scopes: Scopes;
  fees: FeeRules;
}
