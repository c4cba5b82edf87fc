/**
 * @module ledger/replay-journal
 * The undo log of a replay. A trial (would these entries count if appended now?) runs the real rules on the
 * real state and then puts everything back; for that, every change the rules make goes through here and,
 * while a trial runs, leaves a step that reverses it.
 */
import type { Problem } from '../_lib/problem.js';

type Undo = () => void;

/** Records how to reverse each change while a trial is open; outside a trial it only makes the changes. */
export class Journal {
  private steps: Undo[] | undefined;

  /** Start recording: a trial begins. */
  open(): void {
    this.steps = [];
  }

  /** A point to roll back to. */
  mark(): number {
    return this.steps?.length ?? 0;
  }

  /** Reverse every change made since `mark`. */
  rollback(mark: number): void {
    const j = this.steps!;
    while (j.length > mark) j.pop()!();
  }

  /** Reverse every change of the trial and stop recording. */
  close(): void {
    this.rollback(0);
    this.steps = undefined;
  }

  undo(step: Undo): void {
    this.steps?.push(step);
  }

  mapSet<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const old = map.get(key);
    this.undo(() => (had ? map.set(key, old as V) : map.delete(key)));
    map.set(key, value);
  }

  assign<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): void {
    const old = obj[key];
    this.undo(() => {
      obj[key] = old;
    });
    obj[key] = value;
  }

  listPush<T>(list: T[], item: T): void {
    list.push(item);
    this.undo(() => list.pop());
  }

  /** Set an entry's verdict. Typed by shape, so the journal need not import the replay's model. */
  setStatus<S extends string>(
    e: { status: S; counts: boolean; problems: Problem[] },
    status: S,
    problems: Problem[],
  ): void {
    this.assign(e, 'status', status);
    this.assign(e, 'counts', status === 'counts');
    this.assign(e, 'problems', problems);
  }
}
