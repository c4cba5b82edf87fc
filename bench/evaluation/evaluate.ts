/**
 * How long `evaluate` takes as facts grow: a synthetic agreement (10 commitments, 8 milestones with cure
 * periods, half of them scoped to one commitment, one gated track) and N monthly employment and capital
 * reports, recorded on distinct days. Prints CPU time (the machine may be shared) and wall time.
 * Run: npx tsx bench/evaluation/evaluate.ts [maxFacts]
 */
import { addDays, isoDate } from '../../src/_lib/date.js';
import type { Agreement } from '../../src/agreement/model.js';
import { normalizeCondition } from '../../src/agreement/normalize-condition.js';
import { agreementSchema } from '../../src/agreement/schema.js';
import { evaluate, type Fact } from '../../src/evaluation/index.js';

const commitments = Array.from({ length: 10 }, (_, i) => ({
  id: `c${i}`,
  investor: `Firm ${i}`,
  party: 'JP',
  project: `Plant ${i}`,
  naics: i % 2 ? '3361' : '3344',
  sites: ['US-OH'],
  start: '2025-10-01',
  capital: { total: '1bn' },
  jobs: { target: 500 },
}));
const milestones = Array.from({ length: 8 }, (_, i) => ({
  id: `m${i}`,
  when: {
    all: [
      // Even milestones cover every commitment; odd ones a single commitment (where the search can skip).
      {
        metric: 'netNewFte',
        atLeast: 400 * (i + 1),
        scope: i % 2 ? { commitments: [`c${i}`] } : { naics: ['33'] },
      },
      { metric: 'capitalDisbursed', atLeast: `${i + 1}bn` },
    ],
  },
  by: `${2027 + i}-06-30`,
  cure: '180d',
  tolerance: '5%',
}));
const data = agreementSchema.parse({
  accord: 1,
  id: 'bench',
  title: 'bench',
  status: 'hypothetical',
  signed: '2025-10-01',
  parties: [
    { id: 'US', name: 'US', role: 'importing' },
    { id: 'JP', name: 'JP', role: 'investing' },
  ],
  term: { start: '2025-10-01', years: 15 },
  commitments,
  verification: {
    evidence: { counts: ['ui-wage-records'] },
    auditors: { registered: [{ id: 'kpmg', name: 'KPMG' }], quorum: 1 },
  },
  milestones,
  tracks: [
    {
      id: 't',
      lines: { hts: ['8703'], origin: 'JP' },
      layer: { heading: '9903.94.01', authority: '232' },
      mode: 'additional',
      start: { rate: '25%', from: '2025-04-03' },
      steps: milestones.map((m, i) => ({ rate: `${24 - i * 3}%`, after: m.id })),
      snapBack: { on: [{ event: 'milestone-missed' }], to: '25%', noticeDays: 30 },
    },
  ],
});
const agreement: Agreement = {
  ...data,
  milestones: data.milestones.map((m, i) => ({
    ...m,
    when: normalizeCondition(m.when, `/milestones/${i}/when`, []),
  })),
  hash: 'bench',
};

function facts(n: number): Fact[] {
  const out: Fact[] = [];
  for (let k = 0; out.length < n; k++) {
    const c = `c${k % 10}`;
    const period = addDays(isoDate('2026-01-01'), Math.floor(k / 10) * 30);
    const recorded = addDays(period, 20 + (k % 10));
    const base = { evidence: ['ui-wage-records'], attestations: ['kpmg'], recorded };
    out.push({
      ...base,
      id: `e${k}`,
      type: 'employment',
      commitment: c,
      periodEnd: period,
      paidHours: 2080 * (50 + k),
    });
    out.push({
      ...base,
      id: `k${k}`,
      type: 'capital',
      commitment: c,
      asOf: period,
      disbursed: BigInt(k) * 10_000_000_00n,
    });
  }
  return out;
}

const max = Number(process.argv[2] ?? 2000);
for (let n = 250; n <= max; n *= 2) {
  const f = facts(n);
  const asOf = isoDate('2040-01-01');
  // CPU time rather than wall time: the machine is shared, and CPU time is what the evaluation costs.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = evaluate(agreement, f, asOf);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${String(f.length).padStart(5)} facts: ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(6)} ms CPU, ${wall.toFixed(0).padStart(6)} ms wall  (${r.milestones.map((m) => m.status[0]).join('')} ; ${r.tracks[0]?.inForce.length} periods)`,
  );
}
