import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diskSource, readTextFile } from '../_lib/read-file.js';
import { loadScenario, modelsFor } from './scenario.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/us-japan-milestones/scenario.yaml', import.meta.url));

describe('scenario files', () => {
  it('load the shipped example with its agreement, variants, tables and assumptions', () => {
    const s = loadScenario(EXAMPLE, readTextFile, diskSource);
    expect(s.variants).toEqual(['japan-7y', 'us-15y']);
    expect(s.models).toEqual(['SMART', 'GSIM', 'CES']);
    expect(s.agreement.id).toBe('us-japan-milestones');
    expect(s.assumptions.attainment).toEqual({ m1: 0.9, m2: 0.8, m3: 0.7, m4: 0.6 });
    expect(s.assumptions.discountRate).toBe(0.03);
    expect(s.uncertainty).toEqual({ elasticities: true, delivery: { low: 0.8, high: 1 } });
    expect(s.tables.baseFlows.length).toBeGreaterThan(0);
    expect(s.decided.size).toBe(0);
  });

  it('map --model choices to model names', () => {
    expect(modelsFor('all')).toEqual(['SMART', 'GSIM', 'CES']);
    expect(modelsFor('gsim')).toEqual(['GSIM']);
  });
});
