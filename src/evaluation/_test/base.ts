/**
 * @module evaluation/_test/base
 * A small agreement to test evaluation rules against: two commitments (an Ohio auto plant and a Texas
 * fab), jobs and capital milestones, one auto track stepping down 25% → 20% → 15% and snapping back.
 * Tests clone it and change the one field a rule depends on.
 */

/** A raw agreement as YAML would parse it; tests edit it freely, and the schema checks it afterwards. */
// biome-ignore lint/suspicious/noExplicitAny: raw input is untyped until the schema parses it
export type RawAgreement = Record<string, any>;

/** A fresh copy of the base agreement as a plain object (as YAML would parse it). */
export function baseAgreement(): RawAgreement {
  return structuredClone({
    accord: 1,
    id: 'test-deal',
    title: 'Test deal',
    status: 'hypothetical',
    signed: '2025-10-01',
    parties: [
      { id: 'US', name: 'United States', role: 'importing' },
      { id: 'JP', name: 'Japan', role: 'investing' },
    ],
    term: {
      start: '2025-10-01',
      years: 7,
      variants: [
        { id: 'seven', years: 7 },
        { id: 'fifteen', years: 15, milestones: { m1: { by: '2029-12-31', cure: '365d' } } },
      ],
      default: 'seven',
    },
    commitments: [
      {
        id: 'honda',
        investor: 'Honda',
        party: 'JP',
        project: 'Ohio EV plant',
        naics: '3361',
        sites: ['US-OH'],
        start: '2025-10-01',
        capital: { total: '4bn' },
        jobs: { target: 1000, baseline: { asOf: '2025-10-01', fte: 100 } },
      },
      {
        id: 'fab',
        investor: 'Chipco',
        party: 'JP',
        project: 'Texas fab',
        naics: '3344',
        sites: ['US-TX'],
        start: '2025-10-01',
        capital: { total: '6bn' },
        jobs: { target: 1000 },
      },
    ],
    verification: {
      evidence: { counts: ['ui-wage-records', 'cpa-attestation'], neverAlone: ['self-report'], minKinds: 1 },
      auditors: {
        registered: [
          { id: 'kpmg', name: 'KPMG' },
          { id: 'ey', name: 'EY' },
        ],
        quorum: 1,
      },
    },
    milestones: [
      {
        id: 'm1',
        title: 'Ohio jobs',
        when: { metric: 'netNewFte', atLeast: 1000, scope: { commitments: ['honda'] } },
        by: '2027-12-31',
      },
      {
        id: 'm2',
        title: 'Ohio capital',
        when: { metric: 'capitalDisbursed', atLeast: '2bn', scope: { commitments: ['honda'] } },
        by: '2028-12-31',
      },
    ],
    tracks: [
      {
        id: 'autos',
        lines: { hts: ['8703'], origin: 'JP' },
        layer: { heading: '9903.94.01', authority: 'Section 232' },
        mode: 'additional',
        start: { rate: '25%', from: '2025-04-03' },
        steps: [
          { id: 's1', rate: '20%', after: 'm1' },
          { id: 's2', rate: '15%', after: 'm2' },
        ],
      },
    ],
  });
}
