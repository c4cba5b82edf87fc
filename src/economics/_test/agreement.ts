/** Test helper: a validated agreement from YAML text (the term paths read the loaded agreement). */
import { formatProblem } from '../../_lib/problem.js';
import { type Agreement, loadAgreement } from '../../agreement/index.js';

/** Load `text` as an agreement; throw with the problems if it is not valid. */
export function agreementFromYaml(text: string): Agreement {
  const loaded = loadAgreement(text, 'test.yaml');
  if (!loaded.agreement) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.agreement;
}
