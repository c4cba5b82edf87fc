/**
 * @module store/damage
 * How a store says it is damaged: one `AccordError` with code `store-damaged`, located at the store (file or
 * database schema), saying what is wrong and what to do. A damaged store is the user's to repair, not a bug,
 * so it never surfaces as a stack trace.
 */
import { AccordError } from '../_lib/problem.js';

/** What to do about any damage: the log can always be rebuilt from a good copy, never patched in place. */
const REMEDY =
  'Do not write to it: restore it from a backup, or rebuild it from a verified tiles mirror, and check the copy with `accord audit`.';

/** The error for a store at `label` (a file path or a database schema) found damaged. */
export function storeDamaged(label: string, what: string, cause?: unknown): AccordError {
  return new AccordError('store-damaged', `the log store ${label} is damaged`, {
    status: 500,
    problems: [{ code: 'store-damaged', message: `${what}. ${REMEDY}`, where: { file: label } }],
    ...(cause === undefined ? {} : { cause }),
  });
}

/** How one lookup answered for a leaf hash: the entry index it found, or none. */
export interface LookupAnswer {
  lookup: string;
  index: number | undefined;
}

/**
 * The error for an append whose lookups of a leaf hash disagree (or agree on an entry whose stored row is
 * not that leaf's): some index is damaged, so the append cannot tell a new entry from a logged one.
 */
export function lookupsDisagree(
  label: string,
  leafHex: string,
  answers: readonly LookupAnswer[],
): AccordError {
  const said = answers
    .map((a) => `${a.lookup} ${a.index === undefined ? 'finds no entry' : `finds entry ${a.index}`}`)
    .join(', ');
  const first = answers[0]?.index;
  const agreed = first !== undefined && answers.every((a) => a.index === first);
  const why = agreed
    ? `the stored entry ${first} does not have that leaf hash`
    : "the store's indexes disagree";
  return storeDamaged(
    label,
    `looking up leaf hash ${leafHex.slice(0, 16)}… for an append, ${said}: ${why}, so nothing of the batch was appended. Run \`accord audit\` on the store to locate the damage`,
  );
}
