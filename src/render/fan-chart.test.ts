import { describe, expect, it } from 'vitest';
import { fanChartSvg, svgToPng } from './fan-chart.js';

const years = (k: number) =>
  Array.from({ length: 3 }, (_, i) => ({
    p5: i,
    p25: i + k,
    p50: i + 2 * k,
    p75: i + 3 * k,
    p95: i + 4 * k,
    mean: i,
  }));

describe('fan charts', () => {
  it('draw one labelled fan per variant with its title and caption, as standalone SVG', () => {
    const svg = fanChartSvg(
      [
        { label: '7 years', years: years(1) },
        { label: '15 years & more', years: years(2) },
      ],
      { title: 'Revenue <forgone>', yLabel: 'US$ bn', caption: 'model: SMART' },
    );
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('Revenue &lt;forgone&gt;');
    expect(svg).toContain('15 years &amp; more');
    expect(svg).toContain('model: SMART');
    expect((svg.match(/<svg/g) ?? []).length).toBe(2);
  });

  it('rasterise to PNG', () => {
    const png = svgToPng(fanChartSvg([{ label: 'a', years: years(1) }], { title: 't', yLabel: 'y' }));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
