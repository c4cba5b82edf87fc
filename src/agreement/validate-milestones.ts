/**
 * @module agreement/validate-milestones
 * Whole-file rules about milestone conditions as a graph: a milestone that requires itself, directly or
 * round a chain, could never be met.
 */
import { fromPointer } from '../_lib/yaml-locate.js';
import type { Agreement, Condition } from './model.js';
import type { Checker } from './validate-ids.js';

/** Visit every node of a condition tree. */
export function walkCondition(condition: Condition, visit: (c: Condition) => void): void {
  visit(condition);
  if (condition.kind === 'all' || condition.kind === 'any')
    for (const c of condition.of) walkCondition(c, visit);
}

/** Milestone "requires" graph: cycles make a milestone depend on itself. Each cycle is named once. */
export function checkCycles(a: Agreement, check: Checker): void {
  const index = new Map(a.milestones.map((m, i) => [m.id, i]));
  const edges = a.milestones.map((m) => {
    const out: { to: number; pointer: string }[] = [];
    walkCondition(m.when, (c) => {
      if (c.kind === 'milestone') {
        const to = index.get(c.milestone);
        if (to !== undefined) out.push({ to, pointer: c.pointer });
      }
    });
    return out;
  });
  const state = new Array<0 | 1 | 2>(a.milestones.length).fill(0);
  const stack: number[] = [];
  const reported = new Set<string>();
  // Iterative DFS: a long chain of milestones must not overflow the call stack.
  for (let root = 0; root < a.milestones.length; root++) {
    if (state[root] !== 0) continue;
    const frames: { node: number; next: number }[] = [{ node: root, next: 0 }];
    state[root] = 1;
    stack.push(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const edge = edges[frame.node]![frame.next++];
      if (!edge) {
        state[frame.node] = 2;
        stack.pop();
        frames.pop();
        continue;
      }
      if (state[edge.to] === 1) {
        const cycle = stack.slice(stack.indexOf(edge.to));
        const key = [...cycle].sort((x, y) => x - y).join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const names = [...cycle, edge.to].map((i) => a.milestones[i]!.id);
          check.error(
            'circular-condition',
            `milestone conditions go round in a circle: ${names.join(' → ')}; none of them could ever be met`,
            [...fromPointer(edge.pointer), 'milestone'],
            { cycle: names },
          );
        }
      } else if (state[edge.to] === 0) {
        state[edge.to] = 1;
        stack.push(edge.to);
        frames.push({ node: edge.to, next: 0 });
      }
    }
  }
}
