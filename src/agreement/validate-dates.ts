/**
 * @module agreement/validate-dates
 * Whole-file rules about the calendar: the term starts after signing, milestones fall due inside the term
 * (under each variant), and clawback dates ascend. Each rule compares dates from different sections, which
 * is why the schema cannot check them field by field.
 */
import { addYears, type IsoDate } from '../_lib/date.js';
import type { Agreement } from './model.js';
import type { Checker, IdSet, Ptr } from './validate-ids.js';

function termEnd(start: IsoDate, years: number): IsoDate {
  return addYears(start, years);
}

export function checkTerm(a: Agreement, check: Checker, variants: IdSet, milestones: IdSet): void {
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

/** Each milestone's deadline under the default variant (the one evaluated when none is named). */
export function effectiveDeadlines(a: Agreement): Map<string, IsoDate> {
  const variant = a.term.variants?.find((v) => v.id === a.term.default);
  return new Map(a.milestones.map((m) => [m.id, variant?.milestones?.[m.id]?.by ?? m.by]));
}

export function checkClawback(a: Agreement, check: Checker): void {
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
