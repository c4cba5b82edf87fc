import { describe, expect, it } from 'vitest';
import { continuousTimeShare, finiteHorizonShare, rubinsteinShare } from './rubinstein.js';

describe('rubinsteinShare (infinite horizon)', () => {
  it('gives 1/(1+δ) to the first proposer when both discount equally', () => {
    expect(rubinsteinShare(0.9, 0.9)).toBeCloseTo(0.526316, 6);
    expect(1 - rubinsteinShare(0.9, 0.9)).toBeCloseTo(0.473684, 6);
  });
  it('favours the more patient party', () => {
    expect(rubinsteinShare(0.9, 0.8)).toBeCloseTo(0.714286, 6);
    expect(rubinsteinShare(0.8, 0.9)).toBeCloseTo(0.357143, 6);
  });
  it('rejects two undiscounted players (no equilibrium share)', () => {
    expect(() => rubinsteinShare(1, 1)).toThrow();
  });
});

describe('finiteHorizonShare (backward induction)', () => {
  it('matches (1 − (−δ)^T)/(1 + δ) for δ = 0.9', () => {
    const expected = [1, 0.1, 0.91, 0.181, 0.8371];
    expected.forEach((x, i) => {
      expect(finiteHorizonShare([0.9, 0.9], i + 1)).toBeCloseTo(x, 10);
      expect(finiteHorizonShare([0.9, 0.9], i + 1)).toBeCloseTo((1 - (-0.9) ** (i + 1)) / 1.9, 12);
    });
  });
  it('tends to the infinite-horizon share', () => {
    expect(finiteHorizonShare([0.9, 0.8], 201)).toBeCloseTo(rubinsteinShare(0.9, 0.8), 9);
  });
});

describe('continuousTimeShare (Binmore–Rubinstein–Wolinsky)', () => {
  it('approaches r2/(r1 + r2) as the time step shrinks', () => {
    expect(continuousTimeShare(0.05, 0.1, 1)).toBeCloseTo(0.683188, 6);
    expect(continuousTimeShare(0.05, 0.1, 0.1)).toBeCloseTo(0.668332, 6);
    expect(continuousTimeShare(0.05, 0.1, 0.01)).toBeCloseTo(0.666833, 6);
  });
});
