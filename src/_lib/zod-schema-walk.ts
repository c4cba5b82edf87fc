/**
 * @module zod-schema-walk
 * Read a zod schema and the data it rejected side by side, so a problem can say what belongs at a path
 * (the keys allowed there, the field's own description) and what was found there instead.
 */
import { z } from 'zod';
import type { Path } from './yaml-locate.js';

/** Any zod schema. */
export type Schema = z.core.$ZodType;

/** A schema's definition, read field by field: which fields exist depends on `type`. */
type Def = { type: string } & Record<string, unknown>;

export function defOf(schema: Schema): Def {
  return schema._zod.def as Def;
}

/** The value at `path` inside `data`, or undefined when the path does not exist. */
export function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** How a value reads in a message: `the text "abc"`, `the number 4`, `a list` … */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** The description a field carries (`.meta({ description })` / `.describe`), if any. */
function descriptionOf(schema: Schema): string | undefined {
  // `.meta()` and `.describe()` both record the description in the global registry.
  return z.globalRegistry.get(schema)?.description;
}

/** Strip wrappers that do not change which keys or items a value may have. */
function unwrap(schema: Schema, seen = 0): Schema[] {
  if (seen > 50) return [schema];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return unwrap(def.innerType as Schema, seen + 1);
    case 'lazy':
      return unwrap((def.getter as () => Schema)(), seen + 1);
    case 'pipe':
      return unwrap(def.in as Schema, seen + 1);
    case 'union':
      return (def.options as Schema[]).flatMap((o) => unwrap(o, seen + 1));
    default:
      return [schema];
  }
}

/** Every schema that can describe the value at `path` (several where a union branches). */
export function schemasAt(root: Schema, path: Path): Schema[] {
  let current: Schema[] = [root];
  for (const segment of path) {
    const next: Schema[] = [];
    for (const candidate of current.flatMap((s) => unwrap(s))) {
      const def = defOf(candidate);
      if (def.type === 'object') {
        const shape = def.shape as Record<string, Schema>;
        const field = Object.hasOwn(shape, String(segment)) ? shape[String(segment)] : undefined;
        if (field) next.push(field);
      } else if (def.type === 'array' && typeof segment === 'number') next.push(def.element as Schema);
      else if (def.type === 'record') next.push(def.valueType as Schema);
    }
    current = next;
  }
  return current;
}

/** The keys an object at `path` may have (the union of every candidate object's keys). */
export function allowedKeysAt(root: Schema, path: Path): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(root, path).flatMap((s) => unwrap(s))) {
    const def = defOf(candidate);
    if (def.type === 'object') for (const key of Object.keys(def.shape as object)) keys.add(key);
  }
  return [...keys];
}

/** A description of what belongs at `path`, from the field's own metadata. */
export function expectedAt(root: Schema, path: Path): string | undefined {
  for (let schema of schemasAt(root, path)) {
    // Look through optional/default wrappers: the description sits on the field itself.
    for (let hops = 0; hops < 10; hops++) {
      const description = descriptionOf(schema);
      if (description) return description;
      const def = defOf(schema);
      if (!['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(def.type)) break;
      schema = def.innerType as Schema;
    }
  }
  return undefined;
}
