/**
 * @module economics/fan-chart
 * Fan charts of Monte Carlo percentiles: the 5–95% and 25–75% bands and the median, one colour per term
 * variant, rendered server-side as SVG (Observable Plot on linkedom) and PNG (resvg).
 */
import * as Plot from '@observablehq/plot';
import { Resvg } from '@resvg/resvg-js';
import { parseHTML } from 'linkedom';
import type { Percentiles } from './monte-carlo.js';

/** The few DOM element operations used here (the project compiles without the DOM library). */
interface DomElement {
  tagName: string;
  outerHTML: string;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/** One fan: a labelled series of yearly percentiles. */
export interface Fan {
  label: string;
  /** Percentiles for years 1..n. */
  years: Percentiles[];
}

/** Chart options. */
export interface FanChartOptions {
  title: string;
  /** Axis label, with its unit. */
  yLabel: string;
  /** Divide values by this before plotting (e.g. 1e9 for billions). */
  scale?: number;
  /** Footnote: the model and the sources. */
  caption?: string;
}

/**
 * Render a fan chart as an SVG document string.
 *
 * @example
 * fanChartSvg([{ label: '7 years', years }], { title: 'Revenue forgone', yLabel: 'US$ bn', scale: 1e9 })
 */
export function fanChartSvg(fans: readonly Fan[], options: FanChartOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const scale = options.scale ?? 1;
  // Each year's value holds from its start to the next year's start: repeat the last year to close the step.
  const rows = fans.flatMap((f) =>
    [...f.years, ...f.years.slice(-1)].map((p, i) => ({
      variant: f.label,
      year: i + 1,
      p5: p.p5 / scale,
      p25: p.p25 / scale,
      p50: p.p50 / scale,
      p75: p.p75 / scale,
      p95: p.p95 / scale,
    })),
  );
  const chart = Plot.plot({
    document: document as never,
    title: options.title,
    caption: options.caption,
    width: 760,
    height: 420,
    marginLeft: 70,
    style: { background: 'white', fontFamily: 'sans-serif', fontSize: '12px' },
    x: {
      label: 'year of the term',
      tickFormat: 'd',
      ticks: Math.max(...fans.map((f) => f.years.length)) + 1,
    },
    y: { label: options.yLabel, grid: true },
    color: { legend: true, domain: fans.map((f) => f.label) },
    marks: [
      Plot.areaY(rows, {
        x: 'year',
        y1: 'p5',
        y2: 'p95',
        fill: 'variant',
        fillOpacity: 0.15,
        curve: 'step-after',
      }),
      Plot.areaY(rows, {
        x: 'year',
        y1: 'p25',
        y2: 'p75',
        fill: 'variant',
        fillOpacity: 0.3,
        curve: 'step-after',
      }),
      Plot.lineY(rows, { x: 'year', y: 'p50', stroke: 'variant', strokeWidth: 2, curve: 'step-after' }),
      Plot.ruleY([0]),
    ],
  }) as unknown as DomElement;
  // With a legend or title Plot returns a <figure>; keep the SVGs and the text as one standalone SVG.
  const svgs = chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')];
  const plotSvg = svgs[svgs.length - 1]!;
  const width = 760;
  const plotHeight = 420;
  const legend = fans
    .map(
      (f, i) =>
        `<g transform="translate(${70 + i * 200},52)"><rect width="14" height="14" fill="${legendColor(plotSvg, i)}"/><text x="20" y="12">${escapeXml(f.label)}</text></g>`,
    )
    .join('');
  plotSvg.setAttribute('y', '70');
  plotSvg.setAttribute('x', '0');
  const caption = options.caption
    ? `<text x="10" y="${plotHeight + 95}" font-size="10">${escapeXml(options.caption)}</text>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${plotHeight + 110}" viewBox="0 0 ${width} ${plotHeight + 110}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="24" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>
<text x="10" y="42" font-size="11">median line; bands: 25–75% (dark) and 5–95% (light) of the Monte Carlo paths</text>
${legend}
${plotSvg.outerHTML}
${caption}
</svg>
`;
}

/** The colour Plot gave the i-th variant (read back from the line it drew). */
function legendColor(svg: DomElement, i: number): string {
  const paths = [...svg.querySelectorAll('path')].filter(
    (p) => p.getAttribute('stroke') && p.getAttribute('fill') === 'none',
  );
  return paths[i]?.getAttribute('stroke') ?? ['#4269d0', '#efb118', '#ff725c'][i % 3]!;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rasterise an SVG to PNG bytes. */
export function svgToPng(svg: string): Uint8Array {
  return new Resvg(svg, { background: 'white', fitTo: { mode: 'width', value: 1520 } }).render().asPng();
}
