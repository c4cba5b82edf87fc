import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AssessLimits, defaultAssessLimits } from './assess-limits.js';
import { AssessmentStore, type JobRecord, newJobId, STALE_MS } from './assessment-store.js';

let dir: string;
let clock: number;
const limits: AssessLimits = {
  ...defaultAssessLimits(1),
  anonymous: { ...defaultAssessLimits(1).anonymous, diskBytes: 1000, keptResults: 5, keepMs: 60_000 },
  memoryBytes: 20_000,
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-store-'));
  clock = 1_800_000_000_000;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(over: Partial<JobRecord> = {}): JobRecord {
  return {
    id: newJobId(),
    state: 'created',
    who: 'anonymous',
    client: 'c1',
    file: 'e.csv',
    bytesRead: 0,
    lines: 0,
    badRows: 0,
    createdAt: clock,
    updatedAt: clock,
    reservedBytes: 0,
    ...over,
  };
}

/** A job that ran and wrote `bytes` of results, finished now. */
async function finished(store: AssessmentStore, bytes: number, over: Partial<JobRecord> = {}) {
  const rec = record({ state: 'running', ...over });
  writeFileSync(store.partPath(rec), 'x'.repeat(bytes));
  Object.assign(rec, { state: 'done', finishedAt: clock, expiresAt: clock + limits.anonymous.keepMs });
  await store.finish(rec);
  return rec;
}

describe('assessment store', () => {
  it('a waiting job is claimed by exactly one request', async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    const rec = record();
    await store.saveCreated(rec);
    const claims = await Promise.all([store.claim(rec.id), store.claim(rec.id)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claim(rec.id)).toBeUndefined();
  });

  it("keeps a class's results within its disk budget, removing the oldest first", async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    const a = await finished(store, 400);
    clock += 1000;
    const b = await finished(store, 400);
    clock += 1000;
    expect(await store.reserve('anonymous', 300, [])).toBe(true);
    expect(await store.get(a.id)).toBeUndefined();
    expect((await store.get(b.id))?.state).toBe('done');
    expect(existsSync(join(dir, 'anonymous', `${a.id}.csv`))).toBe(false);
  });

  it('keeps at most keptResults results of a class', async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await finished(store, 1)).id);
      clock += 10;
    }
    expect(await store.reserve('anonymous', 1, [])).toBe(true);
    expect(await store.get(ids[0]!)).toBeUndefined();
    expect(await store.get(ids[1]!)).toBeDefined();
  });

  it('refuses a reservation the running jobs leave no room for (the job waits)', async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    const running = [record({ state: 'running', reservedBytes: 800 })];
    expect(await store.reserve('anonymous', 300, running)).toBe(false);
    expect(await store.reserve('anonymous', 200, running)).toBe(true);
    // Another class's budget is its own.
    expect(await store.reserve('signed-in', 300, running)).toBe(true);
  });

  it('a finished job is gone after its time: from answers at once, from disk at the sweep', async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    const rec = await finished(store, 10);
    clock += limits.anonymous.keepMs - 1;
    const opened = await store.openResults(rec.id);
    expect(opened?.size).toBe(10);
    await opened?.handle.close();
    clock += 2;
    expect(await store.get(rec.id)).toBeUndefined();
    expect(await store.openResults(rec.id)).toBeUndefined();
    // A new process (no memory) sees the same.
    expect(await new AssessmentStore(dir, limits, () => clock).get(rec.id)).toBeUndefined();
    await store.sweep();
    expect(readdirSync(join(dir, 'anonymous'))).toEqual([]);
  });

  it('holds summaries in memory within its budget and reads the others back from disk', async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    const big = { importers: 'x'.repeat(3000) } as unknown as JobRecord['summary'];
    const recs: JobRecord[] = [];
    for (let i = 0; i < 10; i++) recs.push(await finished(store, 1, { summary: big }));
    expect(store.memoryInUse()).toBeLessThanOrEqual(limits.memoryBytes);
    expect(store.memoryInUse()).toBeGreaterThan(0);
    expect((await store.get(recs[0]!.id))?.summary).toEqual(big);
  });

  it('removes the record and partial results of a job whose owner stopped rewriting it', async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    const rec = record({ state: 'running', reservedBytes: 100 });
    await store.saveActive(rec);
    writeFileSync(store.partPath(rec), 'partial');
    expect((await store.activeJobs()).map((r) => r.id)).toEqual([rec.id]);
    clock += STALE_MS + 1;
    expect(await store.activeJobs()).toEqual([]);
    expect(existsSync(store.partPath(rec))).toBe(false);
  });

  it('drops a created job never fed within startWithinMs', async () => {
    const store = new AssessmentStore(dir, limits, () => clock);
    await store.saveCreated(record());
    expect(await store.activeJobs()).toHaveLength(1);
    clock += limits.startWithinMs + 1;
    expect(await store.activeJobs()).toHaveLength(0);
  });
});
