/**
 * @module tariff/duty/assumptions
 * The defaults the engine uses for facts a line did not declare. Every stage that reads such a fact records
 * its default here, once per fact, so that the result lists them all and no assumption is silent.
 */
import type { Assumption } from './types.js';

/** How each declared fact's default is said, and how to declare it instead. */
const DECLARE: Record<Assumption['fact'], string> = {
  usmca: '--usmca (bulk CSV: usmca column, yes or no)',
  quota: '--quota within|over (bulk CSV: quota column)',
  'melt-pour': '--melt-pour CC (bulk CSV: melt_pour column)',
  'semiconductor-39b': '--semiconductor-39b (bulk CSV: semiconductor_39b column, yes or no)',
  'end-use':
    '--end-use data-center|repair|r-and-d|startup|consumer|industrial|public-sector (bulk CSV: end_use column)',
  'crane-attestation': '--crane-attestation (bulk CSV: crane_attestation column, yes or no)',
  pharma: '--pharma patented|specialty|generic|other (bulk CSV: pharma column)',
  transshipped: '--transshipped (bulk CSV: transshipped column, yes or no)',
  'cafta-dr': '--cafta-dr (bulk CSV: cafta_dr column, yes or no)',
  'metal-content': '--metal-content-usd or --metal-share (bulk CSV: metal_content_usd or metal_share)',
  'metal-weight': '--metal-weight-pct (bulk CSV: metal_weight_pct)',
  'us-content': '--us-content-pct (bulk CSV: us_content_pct)',
  loaded: '--loaded DATE (bulk CSV: loaded)',
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
