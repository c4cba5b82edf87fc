/**
 * @module tariff/overlay
 * Agreement overlays: a track's schedule (from the evaluation core, `TrackSchedule`) changes the layers of
 * its program for its lines, origin and importers on the dates its rate steps are in force. Each in-force
 * step becomes a layer; the rule base's layers of the same program step aside for those lines on those dates,
 * and every interaction that named them also names the overlay.
 */

import { AccordError } from '../_lib/problem.js';
import type { TrackSchedule } from '../evaluation/index.js';
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
      ...(track.exemptShare ? { exemptShare: track.exemptShare } : {}),
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
 *
 * Importer-scoped overlays act on top of the general ones of their program for their importers: one with an
 * `exemptShare` (localized relief) charges only the relieved share of the value, and every other layer of
 * its program (base law or general overlay) charges the rest; one without takes the importer's whole line.
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
  const isShare = (o: OverlayLayers) => o.layers.some((l) => l.exemptShare !== undefined);
  const isScoped = (o: OverlayLayers) => !isShare(o) && o.layers.some((l) => l.importers !== undefined);
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
  // What puts the program's importer-scoped overlays (other than `self`) ahead of a layer: a scoped one
  // takes the importer's line, localized relief takes its share and leaves the layer the rest.
  const importerFirst = (program: string, self?: OverlayLayers): Interaction[] => {
    const out: Interaction[] = [];
    const others = overlays.filter((o) => o.program === program && o !== self);
    const scoped = others.filter(isScoped);
    if (scoped.length > 0) {
      out.push({
        kind: 'skip-if',
        layers: scoped.flatMap((o) => o.layers.map((l) => l.id)),
        reason: `this importer's line is covered by agreement track ${scoped.map((o) => o.track).join(', ')}`,
        source: "the agreement's tracks as evaluated from its verified facts",
      });
    }
    const shares = others.filter(isShare);
    if (shares.length > 0) {
      out.push({
        kind: 'remainder-after',
        layers: shares.flatMap((o) => o.layers.map((l) => l.id)),
        lead: 'the share not relieved',
        reason: `localized relief of agreement track ${shares.map((o) => o.track).join(', ')} covers the rest`,
        source: "the agreement's localized relief as evaluated from verified investment",
      });
    }
    return out;
  };
  const overlayLayers = overlays.flatMap((o) =>
    o.layers.map((l) => ({
      ...l,
      interactions: [...(isShare(o) || isScoped(o) ? [] : importerFirst(o.program, o)), ...widen(l)],
    })),
  );
  const merged = base.map((layer): Layer => {
    const interactions = widen(layer);
    const own = overlays.filter((o) => o.program === layer.program);
    // Any overlay but localized relief replaces the layer outright; localized relief leaves it the rest.
    const replacing = own.filter((o) => !isShare(o));
    const shares = own.filter(isShare);
    const head: Interaction[] = [];
    if (replacing.length > 0) {
      head.push({
        kind: 'skip-if',
        layers: replacing.flatMap((o) => o.layers.map((l) => l.id)),
        reason: `replaced on this date by agreement track ${replacing.map((o) => o.track).join(', ')}`,
        source: "the agreement's tracks as evaluated from its verified facts",
      });
    }
    if (shares.length > 0)
      head.push(...importerFirst(layer.program).filter((i) => i.kind === 'remainder-after'));
    interactions.unshift(...head);
    return { ...layer, interactions };
  });
  return [...overlayLayers, ...merged];
}
