/**
 * @module agreement/problem-codes
 * Every problem code the agreement loader can report, with what it means. Codes are stable: scripts and
 * the dashboard match on them; messages may be reworded. Tests check the loader emits no other code.
 */

/** Problem codes of {@link loadAgreement}, by stage, each with a one-line meaning. */
export const AGREEMENT_PROBLEM_CODES = {
  // Bytes and text
  'file-too-large': 'the file is over the size limit (MAX_AGREEMENT_BYTES) and was not read',
  'not-text': 'the bytes are not UTF-8 text (binary data, a NUL or control character); the offset is given',
  // YAML
  'yaml-syntax': 'the YAML (or JSON) does not parse: bad indentation, unclosed brackets, a second document …',
  'yaml-warning': 'legal YAML that is probably a mistake, such as an unknown tag (warning)',
  'duplicate-key': 'a key appears twice in one mapping',
  'invalid-key': 'a key is a list, mapping or alias, or a record key is not an id',
  'empty-file': 'the file has no content',
  'not-a-mapping': 'the file holds a list or a single value instead of a mapping',
  'too-deep': 'mappings and lists nest deeper than MAX_DEPTH',
  'too-many-aliases': 'aliases expand past the YAML alias limit (the "billion laughs" attack)',
  'too-many-problems': 'more problems than MAX_PROBLEMS; the rest are not listed',
  // Shape (the zod schema)
  'unknown-key': 'a key the format does not have here; the allowed keys and the nearest one are named',
  'missing-field': 'a required field is absent',
  'invalid-type': 'a value of the wrong kind (text for a number, a list for a mapping …)',
  'invalid-value': 'a value outside a fixed set (status, mode, metric …); the allowed values are listed',
  'invalid-format': 'a date, rate, amount, duration, code or id not written as the format expects',
  'negative-amount': 'a money amount below zero',
  'out-of-range': 'a number below its minimum or above its maximum',
  'too-few-items': 'a list shorter than its minimum (two parties, one track …)',
  'too-many-items': 'a list longer than its maximum',
  'invalid-condition': 'a milestone condition with no kind, two kinds, or fields of another kind',
  'invalid-target': "a target that does not fit its metric's or obligation's unit",
  // Whole-file consistency (validate.ts)
  'duplicate-id': 'two items of one kind share an id',
  'unknown-reference': 'a reference to a milestone, commitment, party, source … that is not defined',
  'circular-condition': 'milestones whose conditions require each other in a circle',
  'steps-out-of-order': 'dated steps not ascending, or gated steps whose milestones fall due earlier',
  'steps-overlap': "a dated step's span runs past the next step's start",
  'step-needs-trigger': 'a step with neither a date (on) nor a gate (after)',
  'dates-out-of-order':
    'a date before the one it must follow (term before signing, a deadline after the term ends …)',
  'amounts-out-of-order': 'a cumulative capital schedule that decreases',
  'amount-above-total': "a capital schedule amount above the commitment's total",
  'exempt-share-needs-capital': 'exemptShare follows a commitment that promises no capital',
  'misplaced-field': 'a field that does not apply to the event it is on',
  'unreachable-requirement': 'a verification requirement no report could meet',
  'missing-role': 'no importing party, or no investing party',
  'actor-two-roles': 'one ledger actor named as a government and a firm or auditor, or for two parties',
  'key-without-actor': 'a party pins a key but names no actor to whom it belongs',
  'key-name-mismatch': "a party's pinned key is named for another actor",
  'party-role': 'a commitment made by the importing party (warning)',
  'rate-increases': 'a step that raises the rate in the same mode (warning)',
  'unused-milestone': 'a milestone that gates no step and triggers nothing (warning)',
} as const;

/** A problem code of the agreement loader. */
export type AgreementProblemCode = keyof typeof AGREEMENT_PROBLEM_CODES;
