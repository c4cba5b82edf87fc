/**
 * GET /api/duty and /api/duty/history with declared facts: each fact changes the answer against its default
 * on a real line (the cases of test/corpus/tariff-golden.yaml where one exists), every bad value is a 400
 * whose pointer names the query parameter, and no query string is a 5xx. The memo is shared across the
 * cases and each declared line is asked first, so a memo key that left a fact out would hand the default
 * line the declared line's answer.
 */
import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { FACT_NAMES } from '../../tariff/index.js';
import { DutyMemo } from '../duty-memo.js';
import { EvaluationService } from '../evaluations.js';
import type { LedgerService } from '../ledger-service.js';
import { problemResponse, toProblem } from '../problem-response.js';
import { dutyRoutes } from './duty.js';
import type { ApiEnv } from './kit.js';

// No overlay is asked for, so the log is never read.
const ledger = {} as LedgerService;
const evaluations = new EvaluationService(new Map(), ledger);
const app = new Hono<ApiEnv>();
app.route('/api', dutyRoutes({ evaluations, ledger, memo: new DutyMemo(evaluations, ledger) }));
app.onError((error, c) => problemResponse(toProblem(error, c.req.path)));

interface Answer {
  status: number;
  body: {
    totalDuty?: string;
    assumptions?: { fact: string }[];
    results?: { date: string; totalDuty: string }[];
    code?: string;
    problems?: { code: string; message: string; where?: { pointer?: string } }[];
  };
}

async function get(path: string, query: Record<string, string | string[]>): Promise<Answer> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) params.append(k, one);
  const res = await app.request(`/api/${path}?${params}`);
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const line = (hts: string, origin: string, date: string, value = '10000') => ({ hts, origin, date, value });

/** Per fact: a line, the fact declared, and the total with it and without (the default). */
const CASES: [
  fact: string,
  line: Record<string, string>,
  declared: Record<string, string | string[]>,
  total: string,
  byDefault: string,
][] = [
  // Column 1 at the special rate "S" (general note 11) instead of 2.5%.
  ['usmca', line('8703.23.01', 'MX', '2025-05-01', '40000'), { usmca: 'true' }, '10000.00', '11000.00'],
  // Column 1 at the special rate "P", and out of Section 122 as a CAFTA-DR textile good (9903.03.09).
  ['caftaDr', line('6109.10.00.12', 'HN', '2026-03-15'), { caftaDr: 'true' }, '0.00', '2650.00'],
  // List 3 and the reciprocal duty on the non-metal 60%, Section 232 on the metal 40% (9903.81.90).
  ['metalShare', line('7326.90.86', 'CN', '2025-07-01'), { metalShare: '40' }, '7390.00', '9790.00'],
  [
    'metalContentUsd',
    line('7326.90.86', 'CN', '2025-07-01'),
    { metalContentUsd: '4000' },
    '7390.00',
    '9790.00',
  ],
  // Loaded before 2025-08-07 and entered before 2025-10-05: the 10% baseline, not Thailand's 19% (EO 14326).
  ['loaded', line('6912.00.48', 'TH', '2025-08-20'), { loaded: '2025-08-01' }, '1980.00', '2880.00'],
  // Section 201 quartz surface products: + 50% over the quota (9903.45.31) rather than + 25% within.
  ['quota', line('6810.99.00.20', 'CN', '2026-08-20'), { quota: 'over' }, '8750.00', '6250.00'],
  // 40% under 9903.02.01 in place of Vietnam's 20%.
  ['transshipped', line('6109.10.00.12', 'VN', '2025-10-01'), { transshipped: 'yes' }, '5650.00', '3650.00'],
  // Aluminum smelted in Russia: 200% under 9903.85.67.
  ['meltPour', line('7606.12.30.96', 'TR', '2025-07-15'), { meltPour: 'RU' }, '20300.00', '5300.00'],
  // U.S. note 39(b): 9903.79.01 (+25%), and not the Canada IEEPA duty (note 39(a)(6)).
  [
    'semiconductor39b',
    line('8471.50.01.50', 'CA', '2026-02-01'),
    { semiconductor39b: 'true' },
    '2500.00',
    '3500.00',
  ],
  // Patented (9903.04.60, 100%) rather than the default generic (9903.04.67).
  ['pharma', line('2918.99.30.00', 'IN', '2026-10-15'), { pharma: 'patented' }, '10000.00', '650.00'],
  // Metal under 15% of the weight: out of the 2026 metals tier (9903.82.09).
  ['metalWeightPct', line('8415.10.60', 'DE', '2026-05-01'), { metalWeightPct: '10' }, '1100.00', '2600.00'],
  // 20% US content: the reciprocal duty on the other 80% only (9903.01.34).
  ['usContentPct', line('9504.50.00', 'DE', '2025-05-01'), { usContentPct: '20' }, '800.00', '1000.00'],
  ['mfn', line('8703.23.01', 'JP', '2025-03-01', '40000'), { mfn: 'Free' }, '0.00', '1000.00'],
  // Certified for US production or repair: 9903.94.07 (+25%) in place of China's reciprocal 10% (note 33(p)).
  [
    'autoPartUse',
    line('8481.80.90.50', 'CN', '2025-12-01'),
    { autoPartUse: 'us-production-repair' },
    '6200.00',
    '4700.00',
  ],
];

/** Facts whose default is no answer at all: the line's rate is charged on a quantity it must be given. */
const QUANTITY_CASES: [
  fact: string,
  line: Record<string, string>,
  declared: Record<string, string | string[]>,
  total: string,
][] = [
  ['weightKg', line('0805.10.00', 'MA', '2026-03-01', '1000'), { weightKg: '1000' }, '19.00'],
  ['qty', line('2204.21.50', 'FR', '2026-07-01', '9000'), { qty: 'liter=750' }, '947.25'],
];

describe('GET /api/duty with declared facts', () => {
  it.each(CASES)(
    '%s changes the answer against its default',
    async (_fact, l, declared, total, byDefault) => {
      const withFact = await get('duty', { ...l, ...declared });
      expect(withFact.status, JSON.stringify(withFact.body.problems)).toBe(200);
      expect(withFact.body.totalDuty).toBe(total);
      const without = await get('duty', l);
      expect(without.status).toBe(200);
      expect(without.body.totalDuty).toBe(byDefault);
    },
  );

  it.each(QUANTITY_CASES)('%s gives the quantity a rate is charged on', async (_fact, l, declared, total) => {
    const withFact = await get('duty', { ...l, ...declared });
    expect(withFact.status).toBe(200);
    expect(withFact.body.totalDuty).toBe(total);
    const without = await get('duty', l);
    expect(without.status).toBe(400);
    expect(without.body.code).toBe('mfn-needs-input');
  });

  it('endUse takes a U.S. note 39(b) article out of 9903.79.01', async () => {
    const article = { ...line('8471.50.01.50', 'DE', '2026-04-10'), semiconductor39b: 'true' };
    expect((await get('duty', { ...article, endUse: 'public-sector' })).body.totalDuty).toBe('0.00');
    expect((await get('duty', article)).body.totalDuty).toBe('2500.00');
  });

  it('craneAttestation is read, but changes no answer without a by-use list (the API serves the shipped lists)', async () => {
    const crane = line('8426.19.00', 'FI', '2026-12-01');
    const attested = await get('duty', { ...crane, craneAttestation: 'true' });
    expect(attested.status).toBe(200);
    expect(attested.body.totalDuty).toBe((await get('duty', crane)).body.totalDuty);
    expect((await get('duty', { ...crane, craneAttestation: 'perhaps' })).status).toBe(400);
  });

  it('a declared fact leaves the assumptions, and spellings of one fact give one answer', async () => {
    const car = line('8703.23.01', 'MX', '2025-05-01', '40000');
    const facts = (a: Answer) => a.body.assumptions?.map((x) => x.fact);
    expect(facts(await get('duty', car))).toContain('usmca');
    expect(facts(await get('duty', { ...car, usmca: 'false' }))).not.toContain('usmca');
    for (const yes of ['yes', 'TRUE', 'Yes'])
      expect((await get('duty', { ...car, usmca: yes })).body.totalDuty).toBe('10000.00');
  });

  it('empty parameters declare nothing (a form sends its empty fields)', async () => {
    const empty = Object.fromEntries(FACT_NAMES.map((f) => [f, '']));
    const r = await get('duty', { ...line('8703.23.01', 'MX', '2025-05-01', '40000'), ...empty });
    expect(r.status).toBe(200);
    expect(r.body.totalDuty).toBe('11000.00');
  });

  it('takes several quantities as repeated qty parameters', async () => {
    const r = await get('duty', {
      ...line('2204.21.50', 'FR', '2026-07-01', '9000'),
      qty: ['liter=750', 'doz=2'],
    });
    expect(r.status).toBe(200);
    const twice = await get('duty', {
      ...line('2204.21.50', 'FR', '2026-07-01', '9000'),
      qty: ['liter=1', 'liter=2'],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.problems?.[0]?.where?.pointer).toBe('/qty');
  });
});

describe('GET /api/duty with a bad declared fact', () => {
  const car = line('8703.23.01', 'JP', '2025-10-01', '40000');
  const steel = line('7326.90.86', 'CN', '2025-07-01');
  it.each([
    ['mfn', car, { mfn: 'cheap' }, '/mfn'],
    ['weightKg', car, { weightKg: 'heavy' }, '/weightKg'],
    ['qty without =', car, { qty: 'liter' }, '/qty'],
    ['qty of an unknown quantity', car, { qty: 'litre=750' }, '/qty'],
    ['metalContentUsd', steel, { metalContentUsd: '-5' }, '/metalContentUsd'],
    ['metalContentUsd above the value', steel, { metalContentUsd: '20000' }, '/metalContentUsd'],
    ['metalShare', steel, { metalShare: '140' }, '/metalShare'],
    ['metalWeightPct', steel, { metalWeightPct: 'most' }, '/metalWeightPct'],
    ['usContentPct', steel, { usContentPct: '101' }, '/usContentPct'],
    ['usmca', car, { usmca: 'maybe' }, '/usmca'],
    ['usmca for goods of Japan', car, { usmca: 'true' }, '/usmca'],
    ['caftaDr', car, { caftaDr: 'si' }, '/caftaDr'],
    ['quota', car, { quota: 'half' }, '/quota'],
    ['meltPour', steel, { meltPour: 'UK' }, '/meltPour'],
    ['semiconductor39b', car, { semiconductor39b: '2' }, '/semiconductor39b'],
    ['craneAttestation', car, { craneAttestation: 'perhaps' }, '/craneAttestation'],
    ['transshipped', car, { transshipped: 'maybe' }, '/transshipped'],
    ['pharma', car, { pharma: 'brand' }, '/pharma'],
    ['endUse', car, { endUse: 'home' }, '/endUse'],
    ['autoPartUse', car, { autoPartUse: 'racing' }, '/autoPartUse'],
    ['autoPartUse uk-vehicles for goods of Japan', car, { autoPartUse: 'uk-vehicles' }, '/autoPartUse'],
    ['loaded', car, { loaded: '2025-02-30' }, '/loaded'],
    ['loaded after the entry', car, { loaded: '2025-10-02' }, '/loaded'],
    ['metalContentUsd with metalShare', steel, { metalContentUsd: '4000', metalShare: '40' }, '/metalShare'],
    ['usmca given twice', car, { usmca: ['true', 'false'] }, '/usmca'],
  ])('%s is a 400 pointing at the parameter', async (_what, l, bad, pointer) => {
    const r = await get('duty', { ...l, ...bad });
    expect(r.status).toBe(400);
    expect(r.body.problems?.map((p) => p.where?.pointer)).toEqual([pointer]);
    expect(r.body.problems?.[0]?.message).not.toMatch(/\n\s+at /);
  });

  it('says what is allowed', async () => {
    const say = async (bad: Record<string, string>) =>
      (await get('duty', { ...car, ...bad })).body.problems?.[0]?.message;
    expect(await say({ metalShare: '140' })).toBe(
      'metalShare "140" must be a percent between 0 and 100, e.g. 25',
    );
    expect(await say({ usmca: 'maybe' })).toBe(
      'usmca "maybe" must be yes or no, or true or false (USMCA preference claimed or not)',
    );
    expect(await say({ quota: 'half' })).toBe('quota "half" must be within or over');
    expect(await say({ endUse: 'home' })).toMatch(
      /^endUse "home" must be one of data-center, repair, .* \(U\.S\. note 39\(d\)\)$/,
    );
  });

  it("names every bad parameter at once, the line's own with the facts", async () => {
    const r = await get('duty', { ...car, value: 'lots', metalShare: '140', quota: 'half' });
    expect(r.status).toBe(400);
    expect(r.body.problems?.map((p) => p.where?.pointer)).toEqual(['/value', '/metalShare', '/quota']);
  });
});

describe('GET /api/duty/history with declared facts', () => {
  it('declares the fact on every date', async () => {
    const car = { hts: '8703.23.01', origin: 'MX', value: '40000', dates: '2025-03-01,2025-05-01' };
    const claimed = await get('duty/history', { ...car, usmca: 'true' });
    expect(claimed.body.results?.map((r) => r.totalDuty)).toEqual(['0.00', '10000.00']);
    const not = await get('duty/history', car);
    expect(not.body.results?.map((r) => r.totalDuty)).toEqual(['1000.00', '11000.00']);
  });

  it('starts the default eras at the loading date', async () => {
    const r = await get('duty/history', {
      hts: '8703.23.01',
      origin: 'JP',
      value: '40000',
      loaded: '2025-04-01',
    });
    expect(r.status).toBe(200);
    expect(r.body.results?.map((x) => x.date)).toEqual(['2025-04-03', '2025-09-16', '2026-03-01']);
    const late = await get('duty/history', {
      hts: '8703.23.01',
      origin: 'JP',
      value: '40000',
      loaded: '2026-05-01',
    });
    expect(late.body.results?.map((x) => x.date)).toEqual(['2026-05-01']);
  });

  it('points a bad fact, and a date before the loading date, at their parameters', async () => {
    const car = { hts: '8703.23.01', origin: 'JP', value: '40000' };
    const bad = await get('duty/history', { ...car, metalShare: 'x', dates: '2025-03-01,2025-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems?.map((p) => p.where?.pointer)).toEqual(['/metalShare', '/dates/1']);
    const early = await get('duty/history', { ...car, loaded: '2025-04-01', dates: '2025-03-01' });
    expect(early.status).toBe(400);
    expect(early.body.problems?.map((p) => p.where?.pointer)).toEqual(['/loaded']);
  });
});

describe('GET /api/duty query parsing under random input', () => {
  it('answers 200 or a 400 with a pointer, never a 5xx, whatever text a fact is given', async () => {
    const facts = fc.constantFrom(...FACT_NAMES);
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('yes', '40', '2025-08-01', 'liter=750', 'over'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(facts, text), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const query: Record<string, string[]> = {};
        for (const [fact, value] of pairs) query[fact] = [...(query[fact] ?? []), value];
        const r = await get('duty', { ...line('7326.90.86', 'CN', '2025-07-01'), ...query });
        expect([200, 400]).toContain(r.status);
        if (r.status === 400)
          for (const p of r.body.problems ?? []) expect(p.where?.pointer).toMatch(/^\/[a-zA-Z0-9]+/);
      }),
      { numRuns: 300, seed: 20_261_208 },
    );
  });
});
