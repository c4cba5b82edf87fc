/**
 * @module tariff/overlay
 * Agreement overlays: a track's schedule (from the evaluation core, `TrackSchedule`) changes the layers of
 * its program for its lines, origin and importers on the dates its rate steps are in force. Each in-force
 * step becomes a layer; the rule base's layers of the same program step aside for those lines on those dates,
 * and every interaction that named them also names the overlay.
 */

import { AccordError } from '../_lib/problem.js';
import type { TrackSchedule } from '../evaluation/types.js';
import { htsDigits } from './hts-code.js';
import type { Interaction, Layer } from './layer.js';

/** The layers one track contributes, and the program they replace. */
export interface OverlayLayers {
  track: string;
  program: string;
  layers: Layer[];
}

/**
 * Turn a track schedule into overlay layers. The program replaced is the one of the rule-base layer filed
 * under the track's heading (e.g. 9903.94.01 → `s232-autos`); a heading that matches no layer is an error.
 */
export function trackLayers(track: TrackSchedule, base: readonly Layer[]): OverlayLayers {
  const target = base.find((l) => l.heading === track.heading || l.headingAtOrAbove === track.heading);
  if (!target) {
    throw new AccordError(
      'overlay-unknown-heading',
      `track ${track.track} acts on ${track.heading}, which no layer of the rule base files under`,
    );
  }
  // The overlay changes the rate, not the stacking rules: it keeps the interactions of the layer it
  // replaces, less those within its own program (which it replaces wholesale) and retroactive replacements.
  const programIds = new Set(base.filter((l) => l.program === target.program).map((l) => l.id));
  const interactions = target.interactions.flatMap((inter): Interaction[] => {
    if (inter.kind === 'replaced-retroactively') return [];
    if (!('layers' in inter)) return [inter];
    const layers = inter.layers.filter((id) => !programIds.has(id));
    return layers.length === 0 ? [] : [{ ...inter, layers }];
  });
  // An inclusive track files under the program's inclusive headings for its origin (9903.94.40/.41 …).
  const inclusiveLayer = base.find(
    (l) =>
      l.program === target.program && l.formula === 'inclusive' && l.countries.only?.includes(track.origin),
  );
  const hts = track.hts.map((h) => htsDigits(h)).filter((h): h is string => h !== undefined);
  const except = track.except.map((h) => htsDigits(h)).filter((h): h is string => h !== undefined);
  const layers = track.inForce.map((step, i): Layer => {
    const why = [
      step.because,
      step.milestones.length ? `milestones ${step.milestones.join(', ')}` : '',
      step.facts.length ? `facts ${step.facts.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const inclusive = (step.mode ?? track.mode) === 'inclusive';
    const headings =
      inclusive && inclusiveLayer
        ? {
            heading: inclusiveLayer.heading,
            ...(inclusiveLayer.headingAtOrAbove ? { headingAtOrAbove: inclusiveLayer.headingAtOrAbove } : {}),
          }
        : { heading: track.heading };
    return {
      id: `track:${track.track}:${i}`,
      program: target.program,
      ...headings,
      authority: `agreement track ${track.track}${track.title ? ` (${track.title})` : ''}: ${track.authority} — ${step.kind}${step.stepId ? ` ${step.stepId}` : ''}`,
      formula: inclusive ? 'inclusive' : 'ad-valorem',
      rate: step.rate,
      base: 'value',
      products: { hts, except },
      countries: { only: [track.origin] },
      ...(track.importers && track.importers.length > 0 ? { importers: track.importers } : {}),
      from: step.from,
      ...(step.until ? { until: step.until } : {}),
      interactions,
      filingOrder: target.filingOrder,
      source: [why, ...step.sources].filter(Boolean).join('; ') || `agreement track ${track.track}`,
      ...(step.uncertain ? { uncertain: step.uncertain } : {}),
    };
  });
  return { track: track.track, program: target.program, layers };
}

/**
 * Merge overlays into the rule base's layers: base layers of a replaced program skip when an overlay layer
 * of that program applies, and interactions naming the program's layers also name the overlay's.
 */
export function applyOverlays(base: readonly Layer[], overlays: readonly OverlayLayers[]): Layer[] {
  if (overlays.length === 0) return [...base];
  const overlayIdsByProgram = new Map<string, string[]>();
  for (const o of overlays) {
    overlayIdsByProgram.set(o.program, [
      ...(overlayIdsByProgram.get(o.program) ?? []),
      ...o.layers.map((l) => l.id),
    ]);
  }
  const programOf = new Map(base.map((l) => [l.id, l.program]));
  const widen = (layer: Layer): Interaction[] =>
    layer.interactions.map((inter): Interaction => {
      if (!('layers' in inter)) return inter;
      const extra = new Set<string>();
      for (const id of inter.layers) {
        for (const o of overlayIdsByProgram.get(programOf.get(id) ?? '') ?? [])
          if (programOf.get(id) !== layer.program) extra.add(o);
      }
      return extra.size === 0 ? inter : { ...inter, layers: [...inter.layers, ...extra] };
    });
  const overlayLayers = overlays.flatMap((o) => o.layers.map((l) => ({ ...l, interactions: widen(l) })));
  const merged = base.map((layer): Layer => {
    const interactions = widen(layer);
    const own = overlayIdsByProgram.get(layer.program);
    if (own) {
      const names = overlays.filter((o) => o.program === layer.program).map((o) => o.track);
      interactions.unshift({
        kind: 'skip-if',
        layers: own,
        reason: `replaced on this date by agreement track ${names.join(', ')}`,
        source: 'agreement evaluation (TrackSchedule)',
      });
    }
    return { ...layer, interactions };
  });
  return [...overlayLayers, ...merged];
}
