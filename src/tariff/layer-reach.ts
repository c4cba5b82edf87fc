/**
 * @module tariff/layer-reach
 * The layers' product scopes turned around, so that the layers that can reach a code are found from the lists that
 * hold it rather than by asking every layer (bulk assessment meets tens of thousands of distinct codes).
 *
 * @example
 * const reach = layerReach(engine.layers);
 * reach.byList.get('s301-list-3'); // places of the layers whose scope names the list
 */
import type { Layer } from './layer.js';

/**
 * The layers' product scopes turned around: which layers cover every product, which layers each list brings in
 * when it holds a code, and which layers name HTS prefixes of their own (asked one by one).
 */
export interface LayerReach {
  always: number[];
  byList: Map<string, number[]>;
  byPrefix: number[];
}

/** The reach of layers given in order: `always`, `byList` and `byPrefix` hold their places in `layers`. */
export function layerReach(layers: readonly Layer[]): LayerReach {
  const reach: LayerReach = { always: [], byList: new Map(), byPrefix: [] };
  layers.forEach((layer, i) => {
    const { all, lists, hts } = layer.products;
    if (all) reach.always.push(i);
    else if (hts) reach.byPrefix.push(i);
    else
      for (const id of lists ?? []) {
        const places = reach.byList.get(id);
        if (!places) reach.byList.set(id, [i]);
        else if (places[places.length - 1] !== i) places.push(i);
      }
  });
  return reach;
}
