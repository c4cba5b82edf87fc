/**
 * @module economics/term-markets
 * The markets a term path simulates: each modelled track's HS lines matched to the base-year flows, with
 * the elasticities and Japan's export supply for each. Tracks the shipped tables cannot model (other
 * origins, importer-scoped relief) are skipped with a note rather than guessed at.
 */
import { PPM_PER_UNIT } from '../_lib/money.js';
import type { Agreement } from '../agreement/index.js';
import { elasticitiesFor, exportSupplyFor } from './tables.js';
import type { SetupMarket, TermAssumptions, TermSetup, TermTables } from './term-types.js';

type Track = Agreement['tracks'][number];

/** What preparing the tracks adds to a setup; notes and sources are appended to the caller's, in order. */
export interface PreparedTracks {
  tracks: Omit<TermSetup['tracks'][number], 'noDeal'>[];
  markets: SetupMarket[];
}

/** A note when the track's schedule changes its mode, which the simulation does not follow. */
function modeNote(t: Track): string | undefined {
  const modes = new Set([
    t.start.mode ?? t.mode,
    ...t.steps.flatMap((s) => (s.mode ? [s.mode] : [])),
    // Only a snap-back on a missed milestone can happen in a simulation (breaches are not drawn).
    ...(t.snapBack?.on.some((o) => o.event === 'milestone-missed') ? [t.snapBack.mode ?? t.mode] : []),
  ]);
  if (modes.size > 1 || !modes.has(t.mode))
    return `track ${t.id}: its schedule changes how the rate applies (${[...modes].join(', ')}); the simulation applies it ${t.mode} throughout`;
  return undefined;
}

/** The base-year markets of one track: a market per HS heading with both a JP and a ROW row. */
function trackMarkets(
  t: Track,
  trackIndex: number,
  tables: TermTables,
  assumptions: TermAssumptions,
  notes: string[],
  sources: Set<string>,
): SetupMarket[] {
  const markets: SetupMarket[] = [];
  const prefixes = t.lines.hts.map((h) => h.replace(/\./g, ''));
  const headings = [...new Set(tables.baseFlows.map((f) => f.hs))].filter((hs) =>
    prefixes.some((p) => p.startsWith(hs) || hs.startsWith(p)),
  );
  if (headings.length === 0) notes.push(`track ${t.id}: no base-year flows for HS ${t.lines.hts.join(', ')}`);
  for (const hs of headings) {
    const jp = tables.baseFlows.find((f) => f.hs === hs && f.partner === 'JP');
    const row = tables.baseFlows.find((f) => f.hs === hs && f.partner === 'ROW');
    if (!jp || !row) {
      notes.push(`HS ${hs}: the base-year table needs both a JP and a ROW row`);
      continue;
    }
    if (prefixes.some((p) => p.length > hs.length && p.startsWith(hs)))
      notes.push(
        `track ${t.id}: base-year flows for HS ${hs} cover more lines than the track (${t.lines.hts.join(', ')})`,
      );
    const el = elasticitiesFor(tables.elasticities, hs);
    sources.add(jp.source).add(row.source).add(el.source);
    const supply = exportSupplyFor(tables.exportSupply ?? [], el.group, 'JP');
    if (supply) sources.add(supply.source);
    else
      notes.push(
        `HS ${hs} (${el.group}): no export-supply row for Japan; Japan's Ex is the group's ${el.Ex}${el.Ex >= 99 ? ' (infinite: no price gain for its exporters)' : ''}`,
      );
    markets.push({
      trackIndex,
      hs,
      description: jp.description,
      group: el.group,
      mfn: jp.mfn / PPM_PER_UNIT,
      jp: jp.annualValue,
      row: row.annualValue,
      el: assumptions.Em?.[el.group] === undefined ? el : { ...el, Em: assumptions.Em[el.group]! },
      exJp: supply
        ? { Ex: supply.Ex, ExLow: supply.ExLow, ExHigh: supply.ExHigh }
        : { Ex: el.Ex, ExLow: el.Ex, ExHigh: el.Ex },
      sources: [jp.source, row.source, el.source, ...(supply ? [supply.source] : [])],
    });
  }
  return markets;
}

/** The tracks the shipped tables can model, and their markets. */
export function prepareTracks(
  agreement: Agreement,
  tables: TermTables,
  assumptions: TermAssumptions,
  notes: string[],
  sources: Set<string>,
): PreparedTracks {
  const tracks: PreparedTracks['tracks'] = [];
  const markets: SetupMarket[] = [];
  for (const t of agreement.tracks) {
    if (t.lines.importers && t.lines.importers.length > 0) {
      notes.push(
        `track ${t.id} is scoped to named importers (${t.lines.importers.join(', ')}); its relief is not modelled`,
      );
      continue;
    }
    if (t.lines.origin !== 'JP') {
      notes.push(`track ${t.id} covers origin ${t.lines.origin}; the shipped base-year table has Japan only`);
      continue;
    }
    const trackIndex = tracks.length;
    tracks.push({
      id: t.id,
      title: t.title ?? t.id,
      mode: t.mode,
      startRate: t.start.rate / PPM_PER_UNIT,
    });
    const note = modeNote(t);
    if (note !== undefined) notes.push(note);
    markets.push(...trackMarkets(t, trackIndex, tables, assumptions, notes, sources));
  }
  return { tracks, markets };
}
