/**
 * @module render/fan-chart
 * Fan charts of Monte Carlo percentiles: the 5–95% and 25–75% bands and the median, one colour per term
 * variant, rendered as SVG (Observable Plot on linkedom) and PNG (resvg). Shared by the edges that draw
 * them (the CLI's `simulate --charts` and the dashboard's simulator); the economics holds only the data.
 */

import { createRequire } from 'node:module';
import * as Plot from '@observablehq/plot';
import { type Fan, fanSteps } from '../economics/index.js';
import { renderPlot } from './plot-dom.js';

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
  const rows = fanSteps(fans, options.scale);
  const labels = fans.map((f) => f.label);
  const colors = labels.map((_, i) => FAN_COLORS[i % FAN_COLORS.length]!);
  // One panel per variant on a shared y scale: overlapping translucent bands of two colours mix into a
  // third that belongs to neither, so the fans sit side by side instead of on top of each other.
  const panelWidth = 380;
  const width = Math.max(760, 70 + 20 + panelWidth * fans.length);
  const plotHeight = 420;
  const chart = renderPlot({
    width,
    height: plotHeight,
    marginLeft: 70,
    marginRight: 20,
    marginTop: 30,
    style: { background: 'white', fontFamily: 'sans-serif', fontSize: '12px' },
    fx: { label: null, domain: labels, padding: 0.08 },
    x: {
      label: 'year of the term',
      tickFormat: 'd',
      ticks: Math.min(8, Math.max(...fans.map((f) => f.years.length)) + 1),
    },
    // A round top tick at or above the highest band, so no band runs past the last label.
    y: { label: options.yLabel, grid: true, nice: true },
    color: { domain: labels, range: colors },
    marks: [
      Plot.areaY(rows, {
        fx: 'variant',
        x: 'year',
        y1: 'p5',
        y2: 'p95',
        fill: 'variant',
        fillOpacity: 0.18,
        curve: 'step-after',
      }),
      Plot.areaY(rows, {
        fx: 'variant',
        x: 'year',
        y1: 'p25',
        y2: 'p75',
        fill: 'variant',
        fillOpacity: 0.38,
        curve: 'step-after',
      }),
      Plot.lineY(rows, {
        fx: 'variant',
        x: 'year',
        y: 'p50',
        stroke: 'variant',
        strokeWidth: 2,
        curve: 'step-after',
      }),
      Plot.ruleY([0]),
    ],
  });
  const svgs = chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')];
  const plotSvg = svgs[svgs.length - 1]!;
  const legend = fans
    .map(
      (f, i) =>
        `<g transform="translate(${70 + i * 260},52)"><rect width="14" height="14" fill="${colors[i]}"/><text x="20" y="12">${escapeXml(f.label)}</text></g>`,
    )
    .join('');
  plotSvg.setAttribute('y', '70');
  plotSvg.setAttribute('x', '0');
  const captionLines = options.caption ? wrap(options.caption, Math.floor(width / 6.2)) : [];
  const caption = captionLines
    .map((line, i) => `<text x="10" y="${plotHeight + 95 + i * 14}" font-size="10">${escapeXml(line)}</text>`)
    .join('\n');
  const height = plotHeight + 110 + Math.max(0, captionLines.length - 1) * 14;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="24" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>
<text x="10" y="42" font-size="11">median line; bands: 25–75% (dark) and 5–95% (light) of the Monte Carlo paths; one panel per term, same scale</text>
${legend}
${plotSvg.outerHTML}
${caption}
</svg>
`;
}

/** One colour per variant (Observable's categorical scheme, whose first two read apart for colour-blind eyes). */
const FAN_COLORS = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951'];

/** Split text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// The rasteriser is a native addon (about 10 MB): loaded on the first PNG, not by everyone who imports
// the package or runs a command that draws no PNG.
let resvg: typeof import('@resvg/resvg-js') | undefined;

/** Rasterise an SVG to PNG bytes. */
export function svgToPng(svg: string): Uint8Array {
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return new resvg.Resvg(svg, { background: 'white', fitTo: { mode: 'width', value: 1520 } })
    .render()
    .asPng();
}
