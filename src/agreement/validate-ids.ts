/**
 * @module agreement/validate-ids
 * The bookkeeping every whole-file check shares: a problem collector that records JSON pointers, and
 * per-kind id sets that catch duplicates and name the nearest defined id when a reference is misspelt.
 */

import { nearest } from '../_lib/nearest.js';
import { type Problem, toPointer } from '../_lib/problem.js';

type Kind =
  | 'party'
  | 'source'
  | 'commitment'
  | 'importer'
  | 'obligation'
  | 'milestone'
  | 'track'
  | 'variant'
  | 'auditor';

const PLURAL: Record<Kind, string> = {
  party: 'parties',
  source: 'sources',
  commitment: 'commitments',
  importer: 'importers',
  obligation: 'linked obligations',
  milestone: 'milestones',
  track: 'tracks',
  variant: 'variants',
  auditor: 'registered auditors',
};

/** Where each kind of id is defined, for the "defined at" part of messages. */
const DEFINED_IN: Record<Kind, string> = {
  party: 'parties',
  source: 'sources',
  commitment: 'commitments',
  importer: 'importers',
  obligation: 'linked',
  milestone: 'milestones',
  track: 'tracks',
  variant: 'term.variants',
  auditor: 'verification.auditors.registered',
};

export type Ptr = readonly (string | number)[];

/** Collects problems with their pointers; one instance per validation run. */
export class Checker {
  readonly problems: Problem[] = [];

  constructor(readonly describe: (pointer: string) => string) {}

  error(code: string, message: string, path: Ptr, params?: Record<string, unknown>): void {
    this.problems.push({ code, message, where: { pointer: toPointer(path) }, ...(params ? { params } : {}) });
  }

  warn(code: string, message: string, path: Ptr): void {
    this.problems.push({ code, message, where: { pointer: toPointer(path) }, severity: 'warning' });
  }
}

/** Ids of one kind, with where each was first defined. */
export class IdSet {
  readonly first = new Map<string, Ptr>();
  /** How many references named an undefined id. */
  unknown = 0;

  constructor(
    readonly kind: Kind,
    private readonly check: Checker,
  ) {}

  /** Register the ids of `items` found at `base`; repeats are `duplicate-id`. */
  collect(items: readonly { id?: string | undefined }[], base: Ptr): this {
    items.forEach((item, i) => {
      if (item.id === undefined) return;
      const at = [...base, i, 'id'];
      const earlier = this.first.get(item.id);
      if (earlier) {
        this.check.error(
          'duplicate-id',
          `${this.kind} id "${item.id}" is used twice (first at ${this.check.describe(toPointer(earlier))}); ids must be unique among ${PLURAL[this.kind]}`,
          at,
          { id: item.id, kind: this.kind },
        );
      } else this.first.set(item.id, at);
    });
    return this;
  }

  /** Check every id of a list found at `base` (`base/0`, `base/1` …). */
  refs(list: readonly string[] | undefined, base: Ptr): void {
    list?.forEach((id, i) => {
      this.ref(id, [...base, i]);
    });
  }

  /** Check that `id` (found at `at`) names a defined item; `unknown-reference` otherwise. */
  ref(id: string, at: Ptr): boolean {
    if (this.first.has(id)) return true;
    this.unknown++;
    const defined = [...this.first.keys()];
    // Suggestions cost a distance per defined id; past a few hundred ids they are neither cheap nor useful.
    const suggestion = defined.length <= 500 ? nearest(id, defined) : undefined;
    const hint = suggestion ? ` — did you mean "${suggestion}"?` : '';
    const list =
      defined.length === 0
        ? `no ${PLURAL[this.kind]} are defined; add them under ${DEFINED_IN[this.kind]}`
        : `defined ${PLURAL[this.kind]}: ${defined.slice(0, 20).join(', ')}${defined.length > 20 ? ', …' : ''}`;
    this.check.error('unknown-reference', `${this.kind} "${id}" is not defined (${list})${hint}`, at, {
      id,
      kind: this.kind,
      ...(suggestion ? { suggestion } : {}),
    });
    return false;
  }
}
