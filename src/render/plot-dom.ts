/**
 * @module render/plot-dom
 * Observable Plot run outside a browser: each chart gets a fresh linkedom document to draw into. The
 * project compiles without the DOM library, so Plot's `Document` and `SVGSVGElement` types do not resolve
 * and its `plot()` is typed `any`; the result is given here the few element operations the renderers use,
 * which linkedom's elements have.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** The element operations used on a rendered chart. */
export interface PlotElement {
  tagName: string;
  outerHTML: string;
  querySelectorAll(selector: string): Iterable<PlotElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/** Plot options without `document`, which is always a fresh linkedom one. */
export type PlotOptionsWithoutDocument = Omit<Plot.PlotOptions, 'document'>;

/** Render a chart into a document of its own and return its root element (an `<svg>` or a `<figure>`). */
export function renderPlot(options: PlotOptionsWithoutDocument): PlotElement {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const element: PlotElement = Plot.plot({ ...options, document });
  return element;
}
