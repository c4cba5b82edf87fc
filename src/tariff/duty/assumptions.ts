/**
 * @module tariff/duty/assumptions
 * The defaults the engine uses for facts a line did not declare. Every stage that reads such a fact records
 * its default here, once per fact, so that the result lists them all and no assumption is silent.
 */
import { DECLARED_FACTS, type FactName } from '../declared-facts.js';
import { AUTO_PART_USES, END_USES, PHARMA_TYPES } from '../layer.js';
import type { Assumption } from './types.js';

/**
 * How to declare a fact: its `accord duty` option (with the values it takes), its bulk CSV column and its
 * query parameter in the duty API, from the facts' one table of names.
 */
function declaredAs(fact: FactName, values: string, example: string, note?: string): string {
  const { option, column } = DECLARED_FACTS[fact];
  return `${option}${values ? ` ${values}` : ''} (bulk CSV: ${column} column${note ? `, ${note}` : ''}; API: ${fact}=${example})`;
}

/** How each declared fact's default is said, and how to declare it instead. */
const DECLARE: Record<Assumption['fact'], string> = {
  usmca: declaredAs('usmca', '', 'true', 'yes or no'),
  quota: declaredAs('quota', 'within|over', 'over'),
  'melt-pour': declaredAs('meltPour', 'CC', 'CN'),
  'semiconductor-39b': declaredAs('semiconductor39b', '', 'true', 'yes or no'),
  'end-use': declaredAs('endUse', END_USES.join('|'), 'repair'),
  'crane-attestation': declaredAs('craneAttestation', '', 'true', 'yes or no'),
  pharma: declaredAs('pharma', PHARMA_TYPES.join('|'), 'patented'),
  transshipped: declaredAs('transshipped', '', 'true', 'yes or no'),
  'cafta-dr': declaredAs('caftaDr', '', 'true', 'yes or no'),
  'auto-part-use': declaredAs('autoPartUse', AUTO_PART_USES.join('|'), 'us-production-repair'),
  'metal-content': `${declaredAs('metalContentUsd', 'USD', '4000')} or ${declaredAs('metalShare', 'PCT', '40')}`,
  'metal-weight': declaredAs('metalWeightPct', 'PCT', '10'),
  'us-content': declaredAs('usContentPct', 'PCT', '25'),
  loaded: declaredAs('loaded', 'DATE', 'YYYY-MM-DD'),
  'hts-revision': 'accord data import-hts FILE --effective DATE, or --hts-file FILE',
  'hts-statistical': '--hts with the 10-digit statistical reporting number (bulk CSV: hts column)',
};

/**
 * The one default for USMCA, in every program that turns on it (column 1's special rate "S", the IEEPA
 * Canada/Mexico exemptions 9903.01.14/.04, Section 122's 9903.03.07/.08): preference is claimed on the entry
 * (general note 11), so a line that does not declare it has not claimed it.
 */
export const USMCA_DEFAULT = 'not claimed (USMCA preference must be claimed on the entry: general note 11)';

/**
 * The one default for CAFTA-DR, in every program that turns on it (column 1's special rate "P", Section 301's
 * Nicaragua action 9903.89.01, Section 122's textile exemption 9903.03.09): like USMCA's, the preference is
 * claimed on the entry (general note 29), so a line that does not declare it has not claimed it.
 */
export const CAFTA_DR_DEFAULT =
  'not claimed (CAFTA-DR preference must be claimed on the entry: general note 29)';

/** Records a default used for a fact the line did not declare. */
export type Assume = (fact: Assumption['fact'], used: string) => void;

/** An empty list of assumptions and the function that adds to it (the first default said for a fact wins). */
export function assumptionLog(): { assumptions: Assumption[]; assume: Assume } {
  const assumptions: Assumption[] = [];
  const assume: Assume = (fact, used) => {
    if (!assumptions.some((a) => a.fact === fact)) assumptions.push({ fact, used, declare: DECLARE[fact] });
  };
  return { assumptions, assume };
}
