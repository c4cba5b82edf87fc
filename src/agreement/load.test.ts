import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { edit, fixture, problemLines } from './fixtures/load-helpers.js';
import { loadAgreement, MAX_AGREEMENT_BYTES, MAX_DEPTH, MAX_PROBLEMS } from './load.js';

const minimal = fixture('minimal.yaml');

describe('loadAgreement: the fixtures', () => {
  it('loads the milestone-compromise fixture with zero problems', () => {
    const { agreement, problems } = loadAgreement(fixture('milestones.yaml'), 'milestones.yaml');
    expect(problems).toEqual([]);
    expect(agreement?.id).toBe('us-japan-milestones-fixture');
    expect(agreement?.milestones.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('parses rates to ppm, money to cents and normalises conditions with their pointers', () => {
    const { agreement } = loadAgreement(minimal, 'minimal.yaml');
    expect(agreement?.tracks[0]?.start.rate).toBe(250_000);
    expect(agreement?.commitments[0]?.capital?.total).toBe(400_000_000_000n);
    expect(agreement?.milestones[1]?.when).toEqual({
      kind: 'all',
      pointer: '/milestones/1/when',
      of: [
        { kind: 'milestone', milestone: 'm1', pointer: '/milestones/1/when/all/0' },
        {
          kind: 'metric',
          metric: 'capitalDisbursed',
          atLeast: 400_000_000_000n,
          scope: {},
          pointer: '/milestones/1/when/all/1',
        },
      ],
    });
  });

  it('hashes the exact input bytes with SHA-256', () => {
    const bytes = Buffer.from(minimal, 'utf8');
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(loadAgreement(bytes, 'a.yaml').agreement?.hash).toBe(expected);
    expect(loadAgreement(minimal, 'a.yaml').agreement?.hash).toBe(expected);
    // One more space is another agreement.
    expect(loadAgreement(`${minimal} `, 'a.yaml').agreement?.hash).not.toBe(expected);
  });
});

describe('loadAgreement: bytes and text', () => {
  it('rejects a 50 MB input as file-too-large before parsing it', () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    const { agreement, problems } = loadAgreement(big, 'big.yaml');
    expect(agreement).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('file-too-large');
    expect(problems[0]?.message).toContain('52,428,800 bytes');
    expect(problems[0]?.params).toEqual({ size: 52_428_800, limit: MAX_AGREEMENT_BYTES });
  });

  it('measures a string input in UTF-8 bytes against the same limit', () => {
    const text = 'é'.repeat(MAX_AGREEMENT_BYTES / 2 + 1); // 2 bytes each
    expect(loadAgreement(text, 'a.yaml').problems.map((p) => p.code)).toEqual(['file-too-large']);
  });

  it('rejects binary garbage as not-text with the offset of the first bad byte', () => {
    const garbage = Uint8Array.from([0x61, 0x3a, 0x20, 0x31, 0x0a, 0x89, 0x50, 0x4e, 0x47]);
    expect(problemLines(garbage)).toMatchInlineSnapshot(`
      [
        "a.yaml:2:1: not-text: this is not a text file (byte offset 5: the byte 0x89, which cannot start a UTF-8 character); an agreement file is UTF-8 text (YAML or JSON)",
      ]
    `);
  });

  it('rejects a NUL byte as not-text', () => {
    const bytes = Buffer.from('accord: 1\nid: x\u0000y\n', 'utf8');
    expect(problemLines(bytes)).toMatchInlineSnapshot(`
      [
        "a.yaml:2:6: not-text: this is not a text file (byte offset 15: a NUL byte (0x00)); an agreement file is UTF-8 text (YAML or JSON)",
      ]
    `);
  });

  it('rejects invalid UTF-8 (a Latin-1 é) and NUL in a string input', () => {
    expect(
      loadAgreement(Uint8Array.from([0x69, 0x64, 0x3a, 0x20, 0xe9, 0x0a]), 'a.yaml').problems[0],
    ).toMatchObject({
      code: 'not-text',
      params: { offset: 4 },
    });
    expect(loadAgreement('id: a\u0000', 'a.yaml').problems[0]).toMatchObject({
      code: 'not-text',
      params: { offset: 5 },
    });
  });

  it('accepts a UTF-8 byte-order mark and keeps positions as an editor shows them', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(minimal, 'utf8')]);
    expect(loadAgreement(withBom, 'a.yaml').problems).toEqual([]);
    const broken = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('accord: 1\nidd: x\n', 'utf8'),
    ]);
    expect(problemLines(broken).find((l) => l.includes('unknown-key'))).toMatch(/^a\.yaml:2:1: unknown-key/);
  });

  it('accepts JSON, which is YAML', () => {
    const { agreement } = loadAgreement(minimal, 'a.yaml');
    const json = JSON.stringify(
      loadAgreementData(minimal),
      (_key, value) => (typeof value === 'bigint' ? String(value) : value),
      2,
    );
    const loaded = loadAgreement(json, 'a.json');
    expect(loaded.problems).toEqual([]);
    expect(loaded.agreement?.milestones).toEqual(agreement?.milestones);
  });

  it('positions problems in JSON input by line and column too', () => {
    const json = '{\n  "accord": 1,\n  "id": "x",\n  "titel": "T"\n}\n';
    expect(problemLines(json).find((l) => l.includes('unknown-key'))).toMatch(
      /^a\.yaml:4:3: unknown-key: unknown key "titel"/,
    );
  });
});

/** The fixture as plain data (what a person would write as JSON). */
function loadAgreementData(text: string): unknown {
  return parse(text);
}

describe('loadAgreement: YAML', () => {
  it('reports an empty file, and one of only comments', () => {
    expect(problemLines('')).toMatchInlineSnapshot(`
      [
        "a.yaml:1:1: empty-file: the file has no content (only blank lines or comments); an agreement starts with \`accord: 1\`",
      ]
    `);
    expect(loadAgreement('# nothing\n\n', 'a.yaml').problems.map((p) => p.code)).toEqual(['empty-file']);
  });

  it('reports a scalar or a list at the top', () => {
    expect(problemLines('just text\n')).toMatchInlineSnapshot(`
      [
        "a.yaml:1:1: not-a-mapping: the file holds a single value; an agreement is a mapping of keys (accord: 1, id:, title:, parties:, tracks: …)",
      ]
    `);
    expect(problemLines('\n- a\n- b\n')).toMatchInlineSnapshot(`
      [
        "a.yaml:2:1: not-a-mapping: the file holds a list; an agreement is a mapping of keys (accord: 1, id:, title:, parties:, tracks: …)",
      ]
    `);
  });

  it('reports a syntax error with its line and column', () => {
    expect(
      problemLines(
        edit(minimal, ['term: { start: 2025-07-01, years: 7 }', 'term: { start: 2025-07-01, years: 7 ']),
      ),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:10:1: yaml-syntax: Flow map in block collection must be sufficiently indented and end with a }",
      ]
    `);
  });

  it('reports bad indentation as yaml-syntax', () => {
    expect(problemLines('accord: 1\nparties:\n  - id: US\n   name: x\n')).toMatchInlineSnapshot(`
      [
        "a.yaml:4:1: yaml-syntax: Sequence item without - indicator",
      ]
    `);
  });

  it('rejects duplicate keys, naming the key', () => {
    expect(
      problemLines(edit(minimal, ['status: proposal\n', 'status: proposal\nstatus: enacted\n'])),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:5:1: duplicate-key: the key "status" appears twice in the same mapping (first at line 4, column 1); keep one",
      ]
    `);
  });

  it('rejects duplicate keys in nested and flow mappings too', () => {
    expect(
      problemLines('accord: 1\nterm: { start: 2025-07-01, years: 7, years: 8 }\n'),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:2:38: duplicate-key: the key "years" appears twice in the same mapping (first at line 2, column 28); keep one",
      ]
    `);
  });

  it('stops after MAX_PROBLEMS problems and says there are more', () => {
    const text = `accord: 1\n${Array.from({ length: MAX_PROBLEMS + 500 }, (_, i) => `stray${i}: 1`).join('\n')}\n`;
    const { problems } = loadAgreement(text, 'a.yaml');
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems.at(-1)).toMatchObject({ code: 'too-many-problems', where: { line: 1, column: 1 } });
    expect(problems.at(-1)?.message).toMatch(/^more problems not shown \(at least \d+\)/);
  });

  it('rejects keys that are lists, mappings or aliases (JavaScript objects cannot hold them)', () => {
    expect(problemLines('accord: 1\n? [a, b]\n: 1\n')).toMatchInlineSnapshot(`
      [
        "a.yaml:2:3: invalid-key: this key is a list, a mapping or an alias; keys in an agreement file are plain words like \`title\`",
      ]
    `);
    expect(loadAgreement('a: &x b\n*x : 1\n', 'a.yaml').problems.map((p) => p.code)).toEqual(['invalid-key']);
  });

  it('rejects a second document in the file', () => {
    expect(loadAgreement(`${minimal}---\naccord: 1\n`, 'a.yaml').problems.map((p) => p.code)).toEqual([
      'yaml-syntax',
    ]);
  });

  it('stops an alias bomb (billion laughs) with too-many-aliases at the first alias', () => {
    let bomb = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 9; i++)
      bomb += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    expect(problemLines(bomb)).toMatchInlineSnapshot(`
      [
        "a.yaml:2:10: too-many-aliases: aliases (*name) here expand to too much data (YAML alias limit 100); write the values out or use fewer aliases",
      ]
    `);
  });

  it('accepts a few aliases where they help', () => {
    const text = edit(minimal, [
      '    lines: { hts: ["8703"], origin: JP }',
      '    lines: &cars { hts: ["8703"], origin: JP }',
    ]).concat(
      '  - id: autos-2\n    lines: *cars\n    layer: { heading: 9903.94.01, authority: x }\n    mode: additional\n    start: { rate: "25%", from: 2025-04-03 }\n',
    );
    expect(loadAgreement(text, 'a.yaml').problems).toEqual([]);
  });

  it('rejects nesting deeper than the limit, positioned at the first too-deep node', () => {
    const depth = MAX_DEPTH + 5;
    const deep = `accord: 1\nsummary: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const problems = loadAgreement(deep, 'a.yaml').problems;
    expect(problems.map((p) => p.code)).toEqual(['too-deep']);
    // The root mapping is level 1, so the 64th bracket (column 9 + 64) is the first level past the limit.
    expect(problems[0]?.where).toMatchObject({ line: 2, column: 9 + MAX_DEPTH });
  });

  it('reports pathological nesting as too-deep, not a crash (100 000 brackets, 1 500 indented levels)', () => {
    const brackets = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(loadAgreement(brackets, 'a.yaml').problems.map((p) => p.code)).toEqual(['too-deep']);
    const levels = Array.from({ length: 1_500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(loadAgreement(`${levels} 1\n`, 'a.yaml').problems.map((p) => p.code)).toEqual(['too-deep']);
    const items = Array.from({ length: 700 }, (_, i) => `${' '.repeat(i * 2 + 2)}-`).join('\n');
    expect(loadAgreement(`a:\n${items} 1\n`, 'a.yaml').problems.map((p) => p.code)).toEqual(['too-deep']);
    const conditions = stringify({ when: nestConditions(200) });
    expect(loadAgreement(conditions, 'a.yaml').problems.map((p) => p.code)).toEqual(['too-deep']);
  });

  it('turns YAML warnings (an unknown tag) into warnings, not errors', () => {
    const text = edit(minimal, ['title: Smallest', 'title: !custom Smallest']);
    const { agreement, problems } = loadAgreement(text, 'a.yaml');
    expect(agreement).toBeDefined();
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['yaml-warning', 'warning']]);
  });
});

function nestConditions(depth: number): unknown {
  let node: unknown = { milestone: 'm1' };
  for (let i = 0; i < depth; i++) node = { all: [node] };
  return node;
}

describe('loadAgreement: shape problems, each positioned', () => {
  it('unknown-key: names the key, suggests the nearest and lists the allowed ones', () => {
    expect(problemLines(edit(minimal, ['title: Smallest', 'titel: Smallest']))).toMatchInlineSnapshot(`
      [
        "a.yaml:1:1: missing-field: missing required field "title" (text)",
        "a.yaml:3:1: unknown-key: unknown key "titel" (did you mean "title"?); allowed here: accord, id, title, status, summary, signed, parties, term, sources, commitments, importers, verification, linked, milestones, tracks, clawback, waivers, governance",
      ]
    `);
  });

  it('unknown-key inside a list item and inside a union (step.after)', () => {
    expect(
      problemLines(
        edit(
          minimal,
          ['    investor: Honda', '    investr: Honda\n    investor: Honda'],
          ['      - { after: m2, rate: "10%" }', '      - { after: { alll: [m2] }, rate: "10%" }'],
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:12:5: unknown-key: unknown key "investr" (did you mean "investor"?); allowed here: id, investor, party, project, naics, sites, start, capital, jobs, reporter, sources, note",
        "a.yaml:36:20: unknown-key: unknown key "alll" (did you mean "all"?); allowed here: all, any",
      ]
    `);
  });

  it('missing-field: at the key of the mapping that lacks it', () => {
    expect(
      problemLines(edit(minimal, ['term: { start: 2025-07-01, years: 7 }', 'term: { years: 7 }'])),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:9:1: missing-field: missing required field "start" (calendar date YYYY-MM-DD)",
      ]
    `);
    expect(problemLines(edit(minimal, ['    by: 2027-06-30\n', '']))).toMatchInlineSnapshot(`
      [
        "a.yaml:21:5: missing-field: missing required field "by" (calendar date YYYY-MM-DD)",
      ]
    `);
  });

  it('missing-field: an absent enum or literal is missing, not invalid', () => {
    expect(
      problemLines(edit(minimal, ['status: proposal\n', ''], ['accord: 1\n', ''])),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:1:1: missing-field: missing required field "accord" (the format version; write \`accord: 1\`)",
        "a.yaml:1:1: missing-field: missing required field "status" (one of enacted, proposal, hypothetical)",
      ]
    `);
  });

  it('invalid-type: says what was expected and what was found', () => {
    expect(
      problemLines(edit(minimal, ['years: 7 }', 'years: "7" }'], ['    sites: [US-OH]', '    sites: US-OH'])),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:9:35: invalid-type: expected a number, got the text "7"",
        "a.yaml:16:12: invalid-type: expected a list, got the text "US-OH"",
      ]
    `);
  });

  it('invalid-type: an empty value where a date belongs', () => {
    expect(problemLines(edit(minimal, ['signed: 2025-07-01', 'signed:']))).toMatchInlineSnapshot(`
      [
        "a.yaml:5:8: invalid-type: expected calendar date YYYY-MM-DD, got an empty value",
      ]
    `);
  });

  it('invalid-value: lists the allowed values and suggests one', () => {
    expect(
      problemLines(
        edit(
          minimal,
          ['status: proposal', 'status: proposl'],
          ['mode: additional', 'mode: inclusve'],
          ['accord: 1', 'accord: 2'],
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:1:9: invalid-value: the format version; write \`accord: 1\`; expected 1, got the number 2",
        "a.yaml:4:9: invalid-value: expected one of enacted, proposal, hypothetical, got the text "proposl" — did you mean "proposal"?",
        "a.yaml:31:11: invalid-value: expected one of additional, inclusive, got the text "inclusve" — did you mean "inclusive"?",
      ]
    `);
  });

  it('invalid-format: dates, rates, amounts, durations and patterns give the field’s own message', () => {
    expect(
      problemLines(
        edit(
          minimal,
          ['signed: 2025-07-01', 'signed: 2025-02-30'],
          ['rate: "20%"', 'rate: "20 percent"'],
          ['total: 4bn', 'total: 4 gazillion'],
          ['naics: "3361"', 'naics: "33-61"'],
          ['    by: 2027-06-30', '    by: 2027-06-30\n    cure: six months'],
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:5:9: invalid-format: "2025-02-30" is not a calendar date; write YYYY-MM-DD",
        "a.yaml:15:12: invalid-format: the text "33-61": a NAICS code has 2 to 6 digits, e.g. "3361"",
        "a.yaml:18:23: invalid-format: "4 gazillion" is not a US-dollar amount exact to the cent; write e.g. 4000000000, "4.4bn" or "250m"",
        "a.yaml:24:11: invalid-format: "six months" is not a duration; write e.g. 180d, 6m or 2y",
        "a.yaml:35:28: invalid-format: "20 percent" is not a rate; write a percent like "15%" or "2.5%" (at most 4 decimals)",
      ]
    `);
  });

  it('negative amounts and quantities are rejected', () => {
    expect(
      problemLines(edit(minimal, ['total: 4bn', 'total: -4000000000'], ['target: 2000', 'target: -5'])),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:18:23: negative-amount: -4000000000 is negative; amounts are zero or more",
        "a.yaml:19:21: out-of-range: the number -5 must be zero or more",
      ]
    `);
  });

  it('out-of-range and too-few-items', () => {
    expect(
      problemLines(
        edit(minimal, ['years: 7 }', 'years: 0 }'], ['  - { id: JP, name: Japan, role: investing }\n', '']),
      ),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:7:3: too-few-items: parties needs at least 2 items, has 1",
        "a.yaml:8:35: out-of-range: the number 0 must be at least 1",
      ]
    `);
  });

  it('invalid-key: a record key that is not an id (variant overrides are keyed by milestone id)', () => {
    const text = edit(minimal, [
      'term: { start: 2025-07-01, years: 7 }',
      'term: { start: 2025-07-01, years: 7, variants: [{ id: v, years: 7, milestones: { 1st: { by: 2027-01-01 } } }] }',
    ]);
    expect(problemLines(text)).toMatchInlineSnapshot(`
      [
        "a.yaml:9:82: invalid-key: key "1st": an id starts with a letter and has only letters, digits, "-", "_" or "." (at most 64)",
      ]
    `);
  });

  it('invalid-condition: a condition with two kinds, or none', () => {
    expect(
      problemLines(
        edit(
          minimal,
          [
            'when: { metric: netNewFte, atLeast: 1000 }',
            'when: { metric: netNewFte, atLeast: 1000, milestone: m2 }',
          ],
          ['{ milestone: m1 }', '{ scope: {} }'],
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "a.yaml:22:11: invalid-condition: a condition has exactly one of all, any, metric, milestone, obligation (found metric, milestone); nest them under all: or any:",
        "a.yaml:25:19: invalid-condition: a condition needs one of: all, any, metric, milestone, obligation",
      ]
    `);
  });
});
