/**
 * @module tariff/filed-lines
 * The lines an entry summary (CBP Form 7501) reports for one entry line, in CBP's order (CSMS #65829726:
 * Section 301 → IEEPA fentanyl → IEEPA reciprocal / Section 122 → Section 232, then the chapter 1–97 line).
 * Beside the headings that charge duty, CBP requires the heading under which an exemption is claimed, as its
 * own line at $0.00 (9903.01.32 Annex II, 9903.01.14 USMCA, 9903.03.03, 9903.05.90 …): a result lists the
 * exempted layer as not applied, with that heading in `claimedUnder` (a layer that charges only part of the
 * value, the rest being exempt metal or US content, is applied and names the heading too), and this view
 * files it. The total is the result's: claim lines carry no duty.
 */
import type { Cents, Ppm } from '../_lib/money.js';
import type { DutyResult } from './duty/types.js';

/** One line to report on the entry. */
export interface FiledLine {
  heading: string;
  rate: Ppm;
  duty: Cents;
  /** True for the heading of an exemption claimed at no duty; false for the applied lines of the result. */
  claim: boolean;
  /** The layer the line comes from (for a claim, the first layer it exempts; `mfn` for column 1). */
  layer: string;
}

/**
 * The applied lines of `r` and the claim headings of its exempted layers, in filing order, each heading once.
 *
 * @example
 * filedLines(duty('8517.13.00', 'CN', '2025-06-01', 10_000_00n))
 * // 9903.01.24 $2,000.00, 9903.01.32 $0.00 (claim: true), 8517.13.00 $0.00
 */
export function filedLines(r: DutyResult): FiledLine[] {
  const charged = new Set(r.lines.filter((l) => l.applied).map((l) => l.heading));
  const claimed = new Set<string>();
  const out: FiledLine[] = [];
  for (const l of r.lines) {
    // An applied line with a claim heading charged only part of the value (the rest is metal or US content):
    // both are filed, the claim after it.
    if (l.applied) out.push({ heading: l.heading, rate: l.rate, duty: l.duty, claim: false, layer: l.layer });
    if (l.claimedUnder !== undefined && !charged.has(l.claimedUnder) && !claimed.has(l.claimedUnder)) {
      claimed.add(l.claimedUnder);
      out.push({ heading: l.claimedUnder, rate: 0, duty: 0n, claim: true, layer: l.layer });
    }
  }
  return out;
}
