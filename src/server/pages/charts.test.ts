import { describe, expect, it } from 'vitest';
import { coincidingSeries, type Frame, type PathRow, placeLabels } from './charts.js';

const FRAME: Frame = {
  width: 900,
  height: 460,
  marginLeft: 60,
  marginRight: 30,
  marginTop: 30,
  marginBottom: 40,
  x: [0, 1],
  y: [0, 1],
};

/** The label's box as placeLabels estimates it (7.5 px a character, 15 px a line). */
function box(p: ReturnType<typeof placeLabels>[number]) {
  const cx = FRAME.marginLeft + p.x * (FRAME.width - FRAME.marginLeft - FRAME.marginRight);
  const cy = FRAME.marginTop + (1 - p.y) * (FRAME.height - FRAME.marginTop - FRAME.marginBottom);
  const w = p.label.length * 7.5;
  const x0 = p.textAnchor === 'start' ? cx + p.dx : cx + p.dx - w;
  return { x0, x1: x0 + w, y0: cy + p.dy - 7.5, y1: cy + p.dy + 7.5 };
}

describe('placeLabels', () => {
  it('keeps the Nash and Kalai–Smorodinsky labels apart when their points nearly coincide', () => {
    const placed = placeLabels(
      [
        { x: 0.805, y: 0.655, label: 'Nash' },
        { x: 0.77, y: 0.69, label: 'Kalai–Smorodinsky' },
        { x: 0.545, y: 0.435, label: 'no deal' },
      ],
      FRAME,
    );
    const boxes = placed.map(box);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
      }
    for (const b of boxes) {
      expect(b.x0).toBeGreaterThanOrEqual(FRAME.marginLeft);
      expect(b.y0).toBeGreaterThanOrEqual(FRAME.marginTop);
    }
  });

  it('keeps labels off a line through their points when there is room', () => {
    // A frontier falling from upper left to lower right, through both points.
    const line = Array.from({ length: 41 }, (_, i) => ({ x: 0.3 + i * 0.0175, y: 1.1 - i * 0.0175 }));
    const placed = placeLabels(
      [
        { x: 0.79, y: 0.61, label: 'Nash' },
        { x: 0.755, y: 0.645, label: 'Kalai–Smorodinsky' },
      ],
      FRAME,
      [line],
    );
    const w = FRAME.width - FRAME.marginLeft - FRAME.marginRight;
    const h = FRAME.height - FRAME.marginTop - FRAME.marginBottom;
    for (const p of placed) {
      const b = box(p);
      for (const q of line) {
        const x = FRAME.marginLeft + q.x * w;
        const y = FRAME.marginTop + (1 - q.y) * h;
        expect(x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1, `${p.label} over the line`).toBe(false);
      }
    }
  });

  it('puts a lone label right of its point', () => {
    const [p] = placeLabels([{ x: 0.3, y: 0.5, label: 'Nash' }], FRAME);
    expect(p!.textAnchor).toBe('start');
    expect(p!.dx).toBeGreaterThan(0);
  });
});

describe('coincidingSeries', () => {
  const row = (model: string, variant: string, year: number, jobs: number, revenue = 0): PathRow => ({
    model,
    variant,
    year,
    jobs,
    revenue,
  });

  it('draws series that repeat one another once, and names every series the line stands for', () => {
    const rows: PathRow[] = [];
    for (const model of ['SMART', 'GSIM']) {
      for (let y = 1; y <= 15; y++) rows.push(row(model, 'us-15y', y, y < 3 ? 100 * y : 300));
      for (let y = 1; y <= 7; y++) rows.push(row(model, 'japan-7y', y, y < 3 ? 100 * y : 300));
    }
    const groups = coincidingSeries(rows, 'jobs');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.label).toBe('all models · us-15y = all models · japan-7y (its 7 years)');
    expect(groups[0]!.rows).toHaveLength(15);
  });

  it('keeps series that differ anywhere as lines of their own', () => {
    const rows = [row('SMART', 'a', 1, 0, 5), row('SMART', 'a', 2, 0, 6), row('GSIM', 'a', 1, 0, 5)];
    rows.push(row('GSIM', 'a', 2, 0, 9));
    const groups = coincidingSeries(rows, 'revenue');
    expect(groups.map((g) => g.label)).toEqual(['SMART · a', 'GSIM · a']);
  });
});
