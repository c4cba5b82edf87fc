/**
 * @module server/pages/charts
 * Charts rendered on the server: Observable Plot into a linkedom document, serialized as SVG inside a
 * figure that always carries a title, the units and the source.
 */
import { html, raw } from 'hono/html';
import { type PlotOptionsWithoutDocument, renderPlot } from '../../render/plot-dom.js';
import type { Markup } from './layout.js';

/** Title, units and source every chart must show. */
export interface ChartMeta {
  title: string;
  /** What the axes measure, with units (e.g. "additional duty, % of customs value"). */
  units: string;
  /** Where the numbers come from (model, file, citation). */
  source: string;
}

/** Render Plot options (without `document`) to a figure. */
export function chart(options: PlotOptionsWithoutDocument, meta: ChartMeta): Markup {
  const el = renderPlot({
    width: 900,
    height: 340,
    marginLeft: 60,
    style: { background: 'white', fontFamily: 'system-ui, sans-serif', fontSize: '12px' },
    ...options,
    // A y axis ends on a round tick at or above the highest value, so no line sits above the last label.
    ...(options.y && options.y.domain === undefined && options.y.nice === undefined
      ? { y: { nice: true, ...options.y } }
      : {}),
  });
  return figure(el.outerHTML, meta);
}

/** Wrap an SVG string (e.g. a fan chart from render/fan-chart) in a captioned figure. */
export function figure(svg: string, meta: ChartMeta): Markup {
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '');
  return html`<figure class="chart">
    <h3>${meta.title}</h3>
    ${raw(body)}
    <figcaption>Units: ${meta.units}. Source: ${meta.source}.</figcaption>
  </figure>`;
}

/** A point to label on a chart whose x and y domains and margins are fixed (so pixels are known here). */
export interface LabelPoint {
  x: number;
  y: number;
  label: string;
}

/** The frame of a chart: its size, margins and domains, from which a data point's pixel follows. */
export interface Frame {
  width: number;
  height: number;
  marginLeft: number;
  marginRight: number;
  marginTop: number;
  marginBottom: number;
  x: [number, number];
  y: [number, number];
}

/** Where a label goes relative to its point, in pixels. */
export interface Placement extends LabelPoint {
  dx: number;
  dy: number;
  textAnchor: 'start' | 'end';
}

/** Average advance of a character at 12 px in system sans-serif faces, rounded up so estimates are safe. */
const CHAR_PX = 7.5;
const LINE_PX = 15;

/**
 * Place each label beside its point so that no two labels, and no label and another labelled point,
 * overlap: try positions around the point in turn (right, left, above, below, then further out) and keep
 * the first free one inside the plot. Labels are placed in the order given. A label also keeps clear of
 * `lines` (polylines in data units, such as the Pareto frontier the points sit on) where it can.
 *
 * @example
 * placeLabels([{ x: 0.77, y: 0.69, label: 'Nash' }, { x: 0.78, y: 0.68, label: 'Kalai–Smorodinsky' }], frame)
 */
export function placeLabels(
  points: readonly LabelPoint[],
  frame: Frame,
  lines: readonly (readonly { x: number; y: number }[])[] = [],
): Placement[] {
  const px = (p: LabelPoint) => ({
    x:
      frame.marginLeft +
      ((p.x - frame.x[0]) / (frame.x[1] - frame.x[0])) * (frame.width - frame.marginLeft - frame.marginRight),
    y:
      frame.marginTop +
      (1 - (p.y - frame.y[0]) / (frame.y[1] - frame.y[0])) *
        (frame.height - frame.marginTop - frame.marginBottom),
  });
  type Box = { x0: number; y0: number; x1: number; y1: number };
  const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const marker = 8;
  const taken: Box[] = points.map((p) => {
    const c = px(p);
    return { x0: c.x - marker, y0: c.y - marker, x1: c.x + marker, y1: c.y + marker };
  });
  // A line is kept clear of by its pixels every 3 px along it, each a small box.
  const lineBoxes: Box[] = lines.flatMap((line) =>
    line.slice(1).flatMap((q, i) => {
      const a = px({ ...line[i]!, label: '' });
      const b = px({ ...q, label: '' });
      const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 3));
      return Array.from({ length: n + 1 }, (_, k) => {
        const x = a.x + ((b.x - a.x) * k) / n;
        const y = a.y + ((b.y - a.y) * k) / n;
        return { x0: x - 1, y0: y - 1, x1: x + 1, y1: y + 1 };
      });
    }),
  );
  const candidates: { dx: number; dy: number; textAnchor: 'start' | 'end' }[] = [];
  for (const ring of [1, 2, 3, 4]) {
    const v = 12 * ring;
    candidates.push(
      { dx: 10, dy: -v + 12, textAnchor: 'start' },
      { dx: -10, dy: -v + 12, textAnchor: 'end' },
      { dx: 10, dy: v, textAnchor: 'start' },
      { dx: -10, dy: v, textAnchor: 'end' },
      { dx: 10, dy: -v, textAnchor: 'start' },
      { dx: -10, dy: -v, textAnchor: 'end' },
    );
  }
  const out: Placement[] = [];
  for (const p of points) {
    const c = px(p);
    const w = p.label.length * CHAR_PX;
    const boxOf = (k: (typeof candidates)[number]): Box => {
      // dy moves the text's middle (Plot centres text on its point by default).
      const x0 = k.textAnchor === 'start' ? c.x + k.dx : c.x + k.dx - w;
      const yMid = c.y + k.dy;
      return { x0, y0: yMid - LINE_PX / 2, x1: x0 + w, y1: yMid + LINE_PX / 2 };
    };
    const inside = (b: Box) =>
      b.x0 >= frame.marginLeft &&
      b.x1 <= frame.width - frame.marginRight + 10 &&
      b.y0 >= frame.marginTop &&
      b.y1 <= frame.height - frame.marginBottom;
    const free = (b: Box) => inside(b) && !taken.some((t) => overlaps(t, b));
    const clear = (b: Box) => free(b) && !lineBoxes.some((t) => overlaps(t, b));
    const pick =
      candidates.find((k) => clear(boxOf(k))) ?? candidates.find((k) => free(boxOf(k))) ?? candidates[0]!;
    taken.push(boxOf(pick));
    out.push({ ...p, ...pick });
  }
  return out;
}

/** One model's path for one term variant, a value per year of the term. */
export interface PathRow {
  model: string;
  variant: string;
  year: number;
  revenue: number;
  jobs: number;
}

/**
 * Series that draw the same line: each series is drawn once, by the longest series whose values it repeats
 * year for year (a 7-year path that equals the first 7 years of the 15-year one is hidden beneath it). The
 * legend then has one entry per visible line, naming every series it stands for.
 */
export function coincidingSeries(
  rows: readonly PathRow[],
  value: 'revenue' | 'jobs',
): { label: string; members: { model: string; variant: string; years: number }[]; rows: PathRow[] }[] {
  const keyOf = (r: PathRow) => `${r.model} · ${r.variant}`;
  const series = new Map<string, PathRow[]>();
  for (const r of rows) series.set(keyOf(r), [...(series.get(keyOf(r)) ?? []), r]);
  const all = [...series.values()].sort((a, b) => b.length - a.length);
  // Equal to what a reader can tell apart on a chart one screen wide (0.1% of the larger value).
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(a), Math.abs(b), 1e-9);
  const covers = (long: PathRow[], short: PathRow[]) =>
    short.every((r) => {
      const o = long.find((x) => x.year === r.year);
      return o !== undefined && same(o[value], r[value]);
    });
  const groups: { lead: PathRow[]; members: PathRow[][] }[] = [];
  for (const s of all) {
    const g = groups.find((x) => covers(x.lead, s));
    if (g) g.members.push(s);
    else groups.push({ lead: s, members: [s] });
  }
  const models = [...new Set(rows.map((r) => r.model))];
  return groups.map((g) => {
    const members = g.members.map((m) => ({ model: m[0]!.model, variant: m[0]!.variant, years: m.length }));
    const byVariant = new Map<string, { models: string[]; years: number }>();
    for (const m of members) {
      const v = byVariant.get(m.variant) ?? { models: [], years: m.years };
      v.models.push(m.model);
      byVariant.set(m.variant, v);
    }
    const label = [...byVariant]
      .map(([variant, v], i) => {
        const who =
          models.length > 1 && v.models.length === models.length ? 'all models' : v.models.join(', ');
        return `${who} · ${variant}${i > 0 && v.years < g.lead.length ? ` (its ${v.years} years)` : ''}`;
      })
      .join(' = ');
    return { label, members, rows: g.lead };
  });
}
