/**
 * @module agreement/validate
 * Whole-file checks that a schema cannot make field by field: ids are unique, every reference names
 * something defined, milestone conditions have no cycles, steps are in order and do not overlap, dates and
 * amounts are consistent. Problems carry a JSON pointer; the loader turns it into line:col.
 */
import type { Problem } from '../_lib/problem.js';
import { fromPointer } from '../_lib/yaml-locate.js';
import { validateGovernance } from './governance.js';
import type { Agreement } from './model.js';
import { checkClawback, checkTerm, effectiveDeadlines } from './validate-dates.js';
import { Checker, IdSet } from './validate-ids.js';
import { checkCycles, walkCondition } from './validate-milestones.js';
import { checkCommitments, checkObligations, checkParties, checkVerification } from './validate-parties.js';
import { checkExemptShares, checkTrack } from './validate-tracks.js';

/**
 * Check an agreement that passed the schema. Returns errors and warnings (severity `warning`), each with
 * a JSON pointer into the file; an empty list means the agreement is consistent. `describe` renders a
 * pointer for messages that mention a second place (the loader passes one that says "line 21").
 */
export function validateAgreement(
  agreement: Agreement,
  describe: (pointer: string) => string = (pointer) => pointer,
): Problem[] {
  const check = new Checker(describe);
  const a = agreement;

  // Ids, per kind.
  const parties = new IdSet('party', check).collect(a.parties, ['parties']);
  const sources = new IdSet('source', check).collect(a.sources, ['sources']);
  const commitments = new IdSet('commitment', check).collect(a.commitments, ['commitments']);
  const importers = new IdSet('importer', check).collect(a.importers, ['importers']);
  const obligations = new IdSet('obligation', check).collect(a.linked, ['linked']);
  const milestones = new IdSet('milestone', check).collect(a.milestones, ['milestones']);
  new IdSet('track', check).collect(a.tracks, ['tracks']);
  const variants = new IdSet('variant', check).collect(a.term.variants ?? [], ['term', 'variants']);
  new IdSet('auditor', check).collect(a.verification.auditors.registered, [
    'verification',
    'auditors',
    'registered',
  ]);

  checkParties(a, check);
  checkSourceLists(a, sources);
  checkTerm(a, check, variants, milestones);
  checkCommitments(a, check, parties);
  for (const [i, importer] of a.importers.entries())
    commitments.refs(importer.commitments, ['importers', i, 'commitments']);
  checkObligations(a, check, parties);
  checkVerification(a, check);

  // Milestones: references inside conditions, cycles, deadlines.
  const used = new Set<string>();
  for (const m of a.milestones) {
    walkCondition(m.when, (c) => {
      const at = fromPointer(c.pointer);
      if (c.kind === 'milestone') {
        if (milestones.ref(c.milestone, [...at, 'milestone'])) used.add(c.milestone);
      } else if (c.kind === 'obligation') obligations.ref(c.obligation, [...at, 'obligation']);
      else if (c.kind === 'metric') commitments.refs(c.scope.commitments, [...at, 'scope', 'commitments']);
    });
  }
  checkCycles(a, check);

  const deadlines = effectiveDeadlines(a);
  for (const [t, track] of a.tracks.entries()) {
    checkTrack(track, ['tracks', t], check, { milestones, commitments }, deadlines, used);
    importers.refs(track.lines.importers, ['tracks', t, 'lines', 'importers']);
  }

  parties.refs(a.waivers?.approvers, ['waivers', 'approvers']);
  check.problems.push(...validateGovernance(a));
  checkClawback(a, check);
  checkExemptShares(a, check);

  // A funding-refused snap-back (C5) is decided by the milestones that watch selected projects' funding.
  if (a.tracks.some((t) => t.snapBack?.on.some((trigger) => trigger.event === 'funding-refused'))) {
    for (const m of a.milestones) {
      walkCondition(m.when, (c) => {
        if (c.kind === 'metric' && c.metric === 'selectedProjectsFunded') used.add(m.id);
      });
    }
  }
  // A misspelt reference leaves its intended milestone unused; the unknown-reference error says enough.
  a.milestones.forEach((m, i) => {
    if (!used.has(m.id) && !m.reportOnly && milestones.unknown === 0)
      check.warn(
        'unused-milestone',
        `milestone "${m.id}" gates no step, triggers no snap-back and no other milestone needs it, so it changes no rate; mark it reportOnly: true if it is only tracked`,
        ['milestones', i, 'id'],
      );
  });
  return check.problems;
}

/** Every `sources: [...]` list anywhere in the file names sources defined at the top. */
function checkSourceLists(a: Agreement, sources: IdSet): void {
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, [...path, i]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'sources' && path.length > 0 && Array.isArray(v)) {
          v.forEach((id, i) => {
            if (typeof id === 'string') sources.ref(id, [...path, key, i]);
          });
        } else if (key !== 'hash') visit(v, [...path, key]);
      }
    }
  };
  visit(a, []);
}
