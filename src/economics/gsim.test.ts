import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type GsimInput, solveGsim } from './gsim.js';
import { parseGsimInput } from './gsim-input.js';

const EXAMPLE = fileURLToPath(new URL('../../data/economics/gsim-us-eu-fta.json', import.meta.url));

/** The reference's 4-region US–EU FTA example (economics.md b.1), as shipped for the CLI. */
function fourRegionExample(): GsimInput {
  const parsed = parseGsimInput(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
  if (!parsed.ok) throw new Error('shipped GSIM example is invalid');
  return parsed.value.input;
}

describe('GSIM', () => {
  it('reproduces the published world-price changes of the 4-region US–EU FTA to 4 decimals', () => {
    const r = solveGsim(fourRegionExample());
    const expected = [0.079181, -0.031621, 0.048049, -0.018372];
    r.regions.forEach((region, i) => {
      expect(Math.abs(region.worldPriceChange - expected[i]!)).toBeLessThan(5e-5);
    });
    expect(r.residual).toBeLessThan(1e-12);
    expect(r.model).toBe('GSIM');
    expect(r.assumptions.length).toBeGreaterThan(0);
  });

  it('gives zero effects when no tariff changes', () => {
    const input = fourRegionExample();
    input.T1 = input.T0.map((row) => [...row]);
    const r = solveGsim(input);
    for (const region of r.regions) {
      expect(region.worldPriceChange).toBe(0);
      expect(region.welfare).toBe(0);
      expect(region.tariffRevenue).toBe(0);
    }
    expect(r.flows).toEqual(input.M);
  });

  it('has welfare equal to producer surplus + consumer surplus + revenue in every region', () => {
    const r = solveGsim(fourRegionExample());
    for (const region of r.regions) {
      expect(region.welfare).toBeCloseTo(
        region.producerSurplus + region.consumerSurplus + region.tariffRevenue,
        10,
      );
    }
  });

  it('has no cross effects when Em = −Es: other exporters’ prices and flows do not move', () => {
    const input = fourRegionExample();
    input.Em = [-5, -5, -5, -5];
    input.T1 = input.T0.map((row) => [...row]);
    input.T1[1]![0] = 1; // only JP→US changes
    const r = solveGsim(input);
    for (const k of [0, 2, 3]) {
      expect(r.regions[k]!.worldPriceChange).toBeCloseTo(0, 14);
      for (let v = 0; v < 4; v++) expect(r.flows[k]![v]).toBeCloseTo(input.M[k]![v]!, 9);
    }
    expect(r.regions[1]!.worldPriceChange).toBeGreaterThan(0);
  });

  it('raises the liberalised flows and lowers the partners’ internal prices in the FTA', () => {
    const input = fourRegionExample();
    const r = solveGsim(input);
    expect(r.flows[2]![0]).toBeGreaterThan(input.M[2]![0]!);
    expect(r.flows[0]![2]).toBeGreaterThan(input.M[0]![2]!);
    expect(r.regions[0]!.importPriceChange).toBeLessThan(0);
    // Revenue on the freed flows disappears.
    expect(r.regions[0]!.tariffRevenue).toBeLessThan(0);
  });

  it('measures consumer surplus as the area under demand: a price rise costs less than the rectangle', () => {
    const input = fourRegionExample();
    input.T1 = input.T0.map((row) => row.map((t) => t + 0.1));
    const r = solveGsim(input);
    for (const [v, region] of r.regions.entries()) {
      const R = input.M.reduce((s, row, i) => s + row[v]! * input.T0[i]![v]!, 0);
      const p = region.importPriceChange;
      expect(p).toBeGreaterThan(0);
      expect(region.consumerSurplus).toBeCloseTo(-R * p * (1 + 0.5 * input.Em[v]! * p), 9);
      expect(region.consumerSurplus).toBeGreaterThan(-R * p);
    }
  });
});
