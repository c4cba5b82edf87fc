/**
 * @module server/pages/charts
 * Charts rendered on the server: Observable Plot into a linkedom document, serialized as SVG inside a
 * figure that always carries a title, the units and the source.
 */
import * as Plot from '@observablehq/plot';
import { html, raw } from 'hono/html';
import { parseHTML } from 'linkedom';
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
export function chart(options: Plot.PlotOptions, meta: ChartMeta): Markup {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const el = Plot.plot({
    width: 900,
    height: 340,
    marginLeft: 60,
    style: { background: 'white', fontFamily: 'system-ui, sans-serif', fontSize: '12px' },
    ...options,
    document: document as never,
  }) as unknown as { outerHTML: string };
  return figure(el.outerHTML, meta);
}

/** Wrap an SVG string (e.g. from the economics fan chart) in a captioned figure. */
export function figure(svg: string, meta: ChartMeta): Markup {
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '');
  return html`<figure class="chart">
    <h3>${meta.title}</h3>
    ${raw(body)}
    <figcaption>Units: ${meta.units}. Source: ${meta.source}.</figcaption>
  </figure>`;
}
