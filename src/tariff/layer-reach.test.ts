import { describe, expect, it } from 'vitest';
import { diskSource } from '../_lib/read-file.js';
import type { Layer } from './layer.js';
import { layerReach } from './layer-reach.js';
import { loadShippedRuleBase } from './rule-base.js';

const layer = (products: Layer['products']) => ({ products }) as Layer;

describe('layerReach', () => {
  it('sorts layers by how their scope reaches a code, each list naming its layers once and in order', () => {
    const reach = layerReach([
      layer({ all: true }),
      layer({ lists: ['a', 'b', 'a'] }),
      layer({ hts: ['8703'], lists: ['a'] }),
      layer({ lists: ['b'] }),
      layer({}),
    ]);
    expect(reach.always).toEqual([0]);
    expect(reach.byPrefix).toEqual([2]);
    expect(reach.byList).toEqual(
      new Map([
        ['a', [1]],
        ['b', [1, 3]],
      ]),
    );
  });

  it('places every layer of the shipped rule base that covers anything', () => {
    const { layers } = loadShippedRuleBase(diskSource);
    const reach = layerReach(layers);
    const placed = new Set([...reach.always, ...reach.byPrefix, ...[...reach.byList.values()].flat()]);
    expect(placed.size).toBe(layers.length);
  });
});
