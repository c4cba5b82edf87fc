import { describe, expect, it } from 'vitest';
import { edit, fixture, problemLines } from './fixtures/load-helpers.js';
import { loadAgreement } from './load.js';

// minimal.yaml: line 9 `term`, 11–19 commitment `plant`, 21–23 milestone m1, 24–26 m2, 28–35 track autos
// with its steps on lines 34 and 35.
const minimal = fixture('minimal.yaml');

const DATED_TRACK = `  - id: general
    lines: { hts: ["01"], origin: JP }
    layer: { heading: 9903.02.73, authority: IEEPA (EO 14345) }
    mode: inclusive
    start: { rate: "15%", from: 2025-08-07 }
    steps:
`;

describe('validateAgreement: ids and references', () => {
  it('duplicate-id: the same id twice among one kind, pointing at the first', () => {
    const text = edit(
      minimal,
      ['  - id: m2\n', '  - id: m1\n'],
      ['{ milestone: m1 }', '{ metric: netNewFte, atLeast: 5 }'],
    );
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:24:9: duplicate-id: milestone id "m1" is used twice (first at line 21, column 9); ids must be unique among milestones",
        "a.yaml:35:18: unknown-reference: milestone "m2" is not defined (defined milestones: m1) — did you mean "m1"?",
      ]
    `);
  });

  it('unknown-reference: steps, conditions, scopes, parties, sources — with a suggestion', () => {
    const text = edit(
      minimal,
      ['      - { after: m2, rate: "10%" }', '      - { after: m3, rate: "10%", sources: [eo-14345] }'],
      ['{ milestone: m1 }', '{ milestone: m01 }'],
      [
        'when: { metric: netNewFte, atLeast: 1000 }',
        'when: { metric: netNewFte, atLeast: 1000, scope: { commitments: [plnt] } }',
      ],
      ['    party: JP', '    party: JPN'],
    );
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:13:12: unknown-reference: party "JPN" is not defined (defined parties: US, JP) — did you mean "JP"?",
        "a.yaml:22:70: unknown-reference: commitment "plnt" is not defined (defined commitments: plant) — did you mean "plant"?",
        "a.yaml:25:32: unknown-reference: milestone "m01" is not defined (defined milestones: m1, m2) — did you mean "m1"?",
        "a.yaml:35:18: unknown-reference: milestone "m3" is not defined (defined milestones: m1, m2) — did you mean "m1"?",
        "a.yaml:35:45: unknown-reference: source "eo-14345" is not defined (no sources are defined; add them under sources)",
      ]
    `);
  });

  it('unknown-reference: importers, exemptShare, snap-back milestones, variants, approvers, obligations', () => {
    const text = edit(
      minimal,
      [
        'term: { start: 2025-07-01, years: 7 }',
        'term: { start: 2025-07-01, years: 7, default: us, variants: [{ id: jp, years: 7, milestones: { m9: { by: 2030-01-01 } } }] }',
      ],
      [
        '    lines: { hts: ["8703"], origin: JP }',
        '    lines: { hts: ["8703"], origin: JP, importers: [honda] }\n    exemptShare: { commitment: plant2, metric: capitalDisbursed }\n    snapBack: { on: [{ event: milestone-missed, milestones: [m4] }], to: "25%" }',
      ],
      ['{ milestone: m1 }', '{ obligation: farm }'],
    ).concat('waivers: { approvers: [US, EU] }\n');
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:9:47: unknown-reference: variant "us" is not defined (defined variants: jp) — did you mean "jp"?",
        "a.yaml:9:100: unknown-reference: milestone "m9" is not defined (defined milestones: m1, m2) — did you mean "m1"?",
        "a.yaml:25:33: unknown-reference: obligation "farm" is not defined (no linked obligations are defined; add them under linked)",
        "a.yaml:29:53: unknown-reference: importer "honda" is not defined (no importers are defined; add them under importers)",
        "a.yaml:30:32: unknown-reference: commitment "plant2" is not defined (defined commitments: plant) — did you mean "plant"?",
        "a.yaml:31:62: unknown-reference: milestone "m4" is not defined (defined milestones: m1, m2) — did you mean "m1"?",
        "a.yaml:38:28: unknown-reference: party "EU" is not defined (defined parties: US, JP) — did you mean "US"?",
      ]
    `);
  });

  it('circular-condition: names the cycle once', () => {
    const text = edit(minimal, ['when: { metric: netNewFte, atLeast: 1000 }', 'when: { milestone: m2 }']);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:25:32: circular-condition: milestone conditions go round in a circle: m1 → m2 → m1; none of them could ever be met",
      ]
    `);
  });

  it('circular-condition: a milestone that requires itself', () => {
    const text = edit(minimal, ['{ milestone: m1 }', '{ milestone: m2 }']);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:25:32: circular-condition: milestone conditions go round in a circle: m2 → m2; none of them could ever be met",
      ]
    `);
  });
});

describe('validateAgreement: steps', () => {
  it('steps-out-of-order: gated steps whose deadlines go backwards', () => {
    const text = edit(minimal, [
      '      - { after: m1, rate: "20%" }\n      - { after: m2, rate: "10%" }',
      '      - { after: m2, rate: "20%" }\n      - { after: m1, rate: "10%" }',
    ]);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:35:18: steps-out-of-order: this step is gated on m1 (due 2027-06-30), earlier than step 1's m2 (due 2029-06-30); order gated steps by their milestones' deadlines",
      ]
    `);
  });

  it('steps-out-of-order and steps-overlap: dated steps', () => {
    const text = `${minimal}${DATED_TRACK}      - { on: 2025-09-16, until: 2026-03-01, rate: "15%" }\n      - { on: 2026-02-24, rate: "10%" }\n      - { on: 2026-01-01, rate: "5%" }\n`;
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:43:15: steps-overlap: step 1 runs until 2026-03-01, past this step's start (2026-02-24); two steps cannot be in force on the same day",
        "a.yaml:44:15: steps-out-of-order: dated steps must ascend: 2026-01-01 is not after step 2's 2026-02-24",
      ]
    `);
  });

  it('dates-out-of-order: until before on, and start.from after the first dated step', () => {
    const text = `${minimal}${DATED_TRACK}      - { on: 2025-08-01, until: 2025-07-01, rate: "10%" }\n`;
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:40:33: dates-out-of-order: the track starts from 2025-08-07, after its first dated step (2025-08-01); start.from must come first",
        "a.yaml:42:34: dates-out-of-order: the step ends (until 2025-07-01) before or on the day it starts (on 2025-08-01)",
      ]
    `);
  });

  it('dates-out-of-order: a track that ends before it starts, and a step after the end', () => {
    const text = `${minimal}${DATED_TRACK.replace('    steps:\n', '    end: { on: 2025-08-01 }\n    steps:\n')}      - { on: 2026-02-24, rate: "10%" }\n`;
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:41:16: dates-out-of-order: the track ends on 2025-08-01, not after it starts (2025-08-07)",
        "a.yaml:43:15: dates-out-of-order: this step starts 2026-02-24, on or after the track ends (2025-08-01); it would never apply",
      ]
    `);
  });

  it('step-needs-trigger: a step with neither on nor after', () => {
    expect(
      problemLines(edit(minimal, ['{ after: m2, rate: "10%" }', '{ rate: "10%" }'])),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:24:9: warning: unused-milestone: milestone "m2" gates no step, triggers no snap-back and no other milestone needs it, so it changes no rate; mark it reportOnly: true if it is only tracked",
        "a.yaml:35:9: step-needs-trigger: a step needs \`on: YYYY-MM-DD\` (a dated step) or \`after: <milestone>\` (a gated step), or both",
      ]
    `);
  });

  it('warns about a phase-down step that raises the rate, and a milestone nothing uses', () => {
    const text = edit(
      minimal,
      ['{ after: m2, rate: "10%" }', '{ after: m1, rate: "22%" }'],
      ['{ milestone: m1 }', '{ metric: netNewFte, atLeast: 5 }'],
    );
    const { agreement, problems } = loadAgreement(text, 'a.yaml');
    expect(agreement).toBeDefined(); // warnings alone leave the agreement valid
    expect(problems.map((p) => `${p.where?.line}:${p.where?.column} ${p.severity} ${p.code}`)).toEqual([
      '24:9 warning unused-milestone',
      '35:28 warning rate-increases',
    ]);
  });

  it('does not warn about a milestone marked reportOnly (tracked, left to a decision)', () => {
    const text = edit(
      minimal,
      ['{ milestone: m1 }', '{ metric: netNewFte, atLeast: 5 }'],
      ['    by: 2029-06-30', '    by: 2029-06-30\n    reportOnly: true'],
    );
    const unused = loadAgreement(text, 'a.yaml').problems.filter((p) => p.code === 'unused-milestone');
    expect(unused).toEqual([]);
  });

  it('counts a selectedProjectsFunded milestone as used by a funding-refused snap-back', () => {
    const text = edit(
      minimal,
      ['{ milestone: m1 }', '{ metric: netNewFte, atLeast: 5 }'],
      ['      - { after: m2, rate: "10%" }\n', ''],
      [
        '    by: 2029-06-30',
        '    by: 2029-06-30\n  - id: funded\n    when: { metric: selectedProjectsFunded, withinDays: 45 }\n    by: 2029-01-19',
      ],
    );
    const unused = (t: string) =>
      loadAgreement(t, 'a.yaml').problems.filter((p) => p.code === 'unused-milestone');
    expect(unused(text).map((p) => p.message.split('"')[1])).toEqual(['m2', 'funded']);
    const withSnapBack = text.concat(
      '    snapBack: { on: [{ event: funding-refused, afterDays: 0 }], to: "25%" }\n',
    );
    expect(unused(withSnapBack).map((p) => p.message.split('"')[1])).toEqual(['m2']);
  });

  it('does not warn when the mode changes with the rate', () => {
    const text = `${minimal}${DATED_TRACK.replace('mode: inclusive', 'mode: additional').replace('"15%", from', '"10%", from')}      - { on: 2025-09-16, rate: "15%", mode: inclusive }\n`;
    expect(loadAgreement(text, 'a.yaml').problems).toEqual([]);
  });
});

describe('validateAgreement: dates and amounts', () => {
  it('term.start before signing is an error; a commitment starting before signing is not', () => {
    const text = edit(
      minimal,
      ['term: { start: 2025-07-01', 'term: { start: 2025-06-30'],
      ['    start: 2025-10-01', '    start: 2025-01-01'],
    );
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:9:16: dates-out-of-order: the term starts 2025-06-30, before the agreement is signed (2025-07-01); a term cannot start before signing",
      ]
    `);
  });

  it('a milestone due after the term ends, under the default variant', () => {
    const text = edit(minimal, [
      'term: { start: 2025-07-01, years: 7 }',
      'term: { start: 2025-07-01, years: 15, default: short, variants: [{ id: short, years: 3 }] }',
    ]);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:26:9: dates-out-of-order: milestone "m2" is due 2029-06-30, after the term ends (2028-07-01, 3 years from 2025-07-01 under variant "short")",
      ]
    `);
  });

  it('an override under the default variant that falls after its term is reported at the override', () => {
    const text = edit(minimal, [
      'term: { start: 2025-07-01, years: 7 }',
      'term: { start: 2025-07-01, years: 7, default: v, variants: [{ id: v, years: 5, milestones: { m2: { by: 2031-01-01 } } }] }',
    ]);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:9:104: dates-out-of-order: milestone "m2" is due 2031-01-01, after the term ends (2030-07-01, 5 years from 2025-07-01 under variant "v")",
      ]
    `);
  });

  it('warns when a deadline falls after a non-default variant ends', () => {
    const text = edit(minimal, [
      'term: { start: 2025-07-01, years: 7 }',
      'term: { start: 2025-07-01, years: 7, variants: [{ id: short, years: 3 }] }',
    ]);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:26:9: warning: dates-out-of-order: under variant "short" (3 years) the term ends 2028-07-01, but milestone "m2" is due 2029-06-30; add a \`by\` override for it under the variant",
      ]
    `);
  });

  it('capital schedule: dates must ascend, amounts must not decrease or exceed the total', () => {
    const text = edit(minimal, [
      'schedule: [{ by: 2026-12-31, atLeast: 1bn }, { by: 2028-12-31, atLeast: 4bn }]',
      'schedule: [{ by: 2026-12-31, atLeast: 3bn }, { by: 2026-06-30, atLeast: 2bn }, { by: 2028-12-31, atLeast: 5bn }]',
    ]);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:18:79: dates-out-of-order: capital schedule dates must ascend: 2026-06-30 comes after 2026-12-31",
        "a.yaml:18:100: amounts-out-of-order: capital schedule amounts are cumulative and cannot decrease: $2,000,000,000.00 is below the $3,000,000,000.00 due by 2026-12-31",
        "a.yaml:18:134: amount-above-total: $5,000,000,000.00 due by 2028-12-31 is above the commitment's total capital ($4,000,000,000.00); raise the total or lower the step",
      ]
    `);
  });

  it('a jobs baseline frozen after the commitment starts', () => {
    const text = edit(minimal, [
      'jobs: { target: 2000 }',
      'jobs: { target: 2000, baseline: { asOf: 2026-01-01, fte: 10 } }',
    ]);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:19:45: dates-out-of-order: the jobs baseline is frozen on 2026-01-01, after the commitment starts (2025-10-01); freeze it at or before the start",
      ]
    `);
  });
});

describe('validateAgreement: other consistency rules', () => {
  it('exempt-share-needs-capital', () => {
    const text = edit(
      minimal,
      [
        '    capital: { total: 4bn, schedule: [{ by: 2026-12-31, atLeast: 1bn }, { by: 2028-12-31, atLeast: 4bn }] }\n',
        '',
      ],
      ['{ metric: capitalDisbursed, atLeast: 4bn }', '{ metric: netNewFte, atLeast: 1500 }'],
      [
        '    lines: { hts: ["8703"], origin: JP }',
        '    lines: { hts: ["8703"], origin: JP }\n    exemptShare: { commitment: plant, metric: capitalDisbursed }',
      ],
    );
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:29:32: exempt-share-needs-capital: exemptShare follows the capital disbursed by "plant", which has no capital commitment; add capital.total to it",
      ]
    `);
  });

  it('invalid-target: a metric target and an obligation target that do not fit their units', () => {
    const text = edit(minimal, [
      '{ metric: netNewFte, atLeast: 1000 }',
      '{ metric: netNewFte, atLeast: lots }',
    ]).concat(
      'linked:\n  - { id: farm, party: JP, title: Farm purchases, unit: usd, atLeast: true }\n  - { id: defense, party: JP, title: Defense, unit: share }\n',
    );
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:22:41: invalid-target: netNewFte needs atLeast as a number of full-time equivalents (0 to 10^9), got "lots"",
        "a.yaml:37:71: invalid-target: atLeast true does not fit unit usd; write a US-dollar amount such as 8000000000 or "8bn"",
        "a.yaml:38:5: missing-field: missing required field "atLeast" (the share target)",
      ]
    `);
  });

  it('misplaced-field, unreachable-requirement, missing-role, party-role', () => {
    const text = edit(
      minimal,
      ['  - { id: JP, name: Japan, role: investing }', '  - { id: JP, name: Japan, role: importing }'],
      [
        '    lines: { hts: ["8703"], origin: JP }',
        '    lines: { hts: ["8703"], origin: JP }\n    snapBack: { on: [{ event: closure, milestones: [m1], afterDays: 5 }], to: "25%" }',
      ],
    ).concat(
      'verification:\n  evidence: { counts: [ui-wage-records], minKinds: 2 }\n  auditors: { registered: [{ id: a1, name: A }], quorum: 2 }\n',
    );
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:7:3: missing-role: no party has role "investing"; one party must make the commitments",
        "a.yaml:13:12: warning: party-role: commitment "plant" is made by "JP", whose role is importing; investments come from the investing party",
        "a.yaml:30:52: misplaced-field: milestones applies to event milestone-missed, not closure",
        "a.yaml:30:69: misplaced-field: afterDays applies to events clawback-unpaid and funding-refused, not closure",
        "a.yaml:38:52: unreachable-requirement: minKinds is 2 but only 1 evidence kind counts; no report could verify",
        "a.yaml:39:58: unreachable-requirement: the quorum is 2 auditors but only 1 is registered; no report could verify",
      ]
    `);
  });
});
