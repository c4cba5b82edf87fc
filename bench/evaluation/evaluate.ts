/**
 * How `evaluate` scales with facts. A synthetic agreement with C commitments (C = facts ÷ 360, at least
 * 10), 8 milestones with cure periods and a 5% tolerance (even ones read every commitment, odd ones a
 * single commitment), and one track stepping down as milestones are met and snapping back on a miss. Each
 * commitment files a monthly employment and capital report, recorded 20–29 days after the period ends, so
 * knowledge changes on many distinct days. Prints, per size, CPU time (the machine may be shared), wall
 * time, facts per CPU second and the process's peak RSS so far.
 * Run: npx tsx bench/evaluation/evaluate.ts [sizes…]   (default: 1000 10000 100000)
 */
import { addDays, isoDate } from '../../src/_lib/date.js';
import type { Agreement } from '../../src/agreement/model.js';
import { normalizeCondition } from '../../src/agreement/normalize-condition.js';
import { agreementSchema } from '../../src/agreement/schema.js';
import { evaluate, type Fact } from '../../src/evaluation/index.js';

/** Monthly periods a commitment reports over (15 years); a size needs facts ÷ 2 ÷ 180 commitments. */
const MONTHS = 180;

function agreementFor(commitmentCount: number): Agreement {
  const commitments = Array.from({ length: commitmentCount }, (_, i) => ({
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
  // Targets scale with the number of commitments, so that from 10,000 facts on, milestones are met within
  // the tolerance band or during cure (every search path runs); at 1,000 facts reports stop in 2030 and the
  // later milestones are missed, which sets off the snap-back.
  const milestones = Array.from({ length: 8 }, (_, i) => ({
    id: `m${i}`,
    when: {
      all: [
        {
          metric: 'netNewFte',
          atLeast: i % 2 ? 40 * (i + 1) : (70 * (i + 1) + 60) * commitmentCount,
          scope: i % 2 ? { commitments: [`c${i}`] } : { naics: ['33'] },
        },
        { metric: 'capitalDisbursed', atLeast: `${(i + 1) * commitmentCount * 100}m` },
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
  return {
    ...data,
    milestones: data.milestones.map((m, i) => ({
      ...m,
      when: normalizeCondition(m.when, `/milestones/${i}/when`, []),
    })),
    hash: 'bench',
  };
}

function facts(n: number, commitmentCount: number): Fact[] {
  const out: Fact[] = [];
  for (let k = 0; out.length < n; k++) {
    const i = k % commitmentCount;
    const month = Math.floor(k / commitmentCount);
    const period = addDays(isoDate('2026-01-01'), month * 30);
    const recorded = addDays(period, 20 + (i % 10));
    const base = { evidence: ['ui-wage-records'], attestations: ['kpmg'], recorded };
    out.push({
      ...base,
      id: `e${k}`,
      type: 'employment',
      commitment: `c${i}`,
      periodEnd: period,
      paidHours: 2080 * (50 + 5 * month),
    });
    out.push({
      ...base,
      id: `k${k}`,
      type: 'capital',
      commitment: `c${i}`,
      asOf: period,
      disbursed: BigInt(month + 1) * 10_000_000_00n,
    });
  }
  return out.slice(0, n);
}

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1000, 10_000, 100_000];
for (const n of sizes) {
  const commitmentCount = Math.max(10, Math.ceil(n / 2 / MONTHS));
  const agreement = agreementFor(commitmentCount);
  const f = facts(n, commitmentCount);
  const asOf = isoDate('2040-01-01');
  // CPU time rather than wall time: the machine is shared, and CPU time is what the evaluation costs.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = evaluate(agreement, f, asOf);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    [
      `${String(f.length).padStart(6)} facts, ${String(commitmentCount).padStart(3)} commitments:`,
      `${cpuMs.toFixed(0).padStart(6)} ms CPU`,
      `${wall.toFixed(0).padStart(6)} ms wall`,
      `${Math.round(f.length / (cpuMs / 1000))
        .toLocaleString('en-US')
        .padStart(9)} facts/s`,
      `peak RSS ${rss.toFixed(0)} MB`,
      `(${r.milestones.map((m) => m.status[0]).join('')}; ${r.tracks[0]?.inForce.length} periods)`,
    ].join('  '),
  );
}
