/**
 * @module agreement/json-schema
 * The agreement file's JSON Schema (draft 2020-12), generated from the zod schema so the two never
 * disagree. Editors use it for completion and checking as a person types (`# yaml-language-server:
 * $schema=...`); `accord schema` prints it.
 */
import { z } from 'zod';
import { dateField } from './fields.js';
import { agreementSchema } from './schema.js';

/** The schema's `$id`: stable, versioned with the format (`accord: 1`). */
export const AGREEMENT_SCHEMA_ID = 'https://accord.dev/schema/agreement-1.json';

type Json = Record<string, unknown>;

/** Descriptions of the top-level sections, for editors' hovers (the zod schema documents them in comments). */
const SECTIONS: Record<string, string> = {
  accord: 'the format version; always 1',
  id: 'a short id for the agreement',
  title: 'the agreement as people call it',
  status: 'an enacted instrument, or a proposal / hypothetical compromise to analyse',
  summary: 'a paragraph for readers',
  signed: 'the date the agreement was signed',
  parties: 'the parties and their roles (importing country, investing country)',
  term: 'the term: start, years, and variants to compare (e.g. 7 and 15 years)',
  sources: 'citations that rules and figures point at with `sources: [id]`',
  commitments:
    'investment commitments: investor, project, NAICS sector, sites, capital schedule, jobs target',
  importers: 'importers a track can scope relief to, and the commitments that earn it',
  verification: 'what counts as a verified job and verified capital, and who may attest',
  linked: 'linked obligations beyond investment (farm purchases, defense spending, technology sharing)',
  milestones: 'conditions over verified metrics, with deadlines, tolerance, gates and cure periods',
  tracks: 'tariff tracks: covered lines, the duty layer, the start rate, gated or dated steps, snap-back',
  clawback: 'pro-rata repayment of relief when performance falls short',
  waivers: 'who approves waivers, and whether force majeure applies',
};

/** Remove `{}` (the "anything" zod writes for a JS Date) from every `anyOf`, recursively. */
function dropEmptyBranches(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropEmptyBranches(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Json;
  if (Array.isArray(object.anyOf)) {
    const kept = object.anyOf.filter((b) => !(b && typeof b === 'object' && Object.keys(b).length === 0));
    if (kept.length === 1 && object.type !== undefined) delete object.anyOf;
    else object.anyOf = kept;
  }
  for (const value of Object.values(object)) dropEmptyBranches(value);
}

/** Rename zod's generated `$defs` names (`__schema0`) to the name of what they define. */
function renameDefs(schema: Json): Json {
  const defs = schema.$defs as Record<string, Json> | undefined;
  if (!defs) return schema;
  const names = new Map<string, string>();
  for (const [name, def] of Object.entries(defs)) {
    const properties = def.properties as Json | undefined;
    if (name.startsWith('__schema') && properties && 'all' in properties && 'metric' in properties)
      names.set(name, 'Condition');
  }
  if (names.size === 0) return schema;
  let text = JSON.stringify(schema);
  for (const [from, to] of names) text = text.replaceAll(`"#/$defs/${from}"`, `"#/$defs/${to}"`);
  const renamed = JSON.parse(text) as Json;
  const renamedDefs = renamed.$defs as Record<string, Json>;
  for (const [from, to] of names) {
    renamedDefs[to] = {
      description:
        'a condition: all/any of conditions, a metric threshold, another milestone, or a linked obligation',
      ...renamedDefs[from],
    };
    delete renamedDefs[from];
  }
  return renamed;
}

/**
 * The JSON Schema (draft 2020-12) of an agreement file as a person writes it (the input side: `"15%"`,
 * `"4bn"`, `180d`, dates as `YYYY-MM-DD` strings, defaults shown).
 *
 * @example
 * JSON.stringify(agreementJsonSchema(), null, 2) // what `accord schema` prints
 */
export function agreementJsonSchema(): Json {
  const generated = z.toJSONSchema(agreementSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: (ctx) => {
      // YAML may hand a date over as a JS Date; in the file it is always written as YYYY-MM-DD.
      if (ctx.zodSchema === dateField) {
        const json = ctx.jsonSchema as Json;
        delete json.anyOf;
        json.type = 'string';
        json.format = 'date';
      }
    },
  }) as Json;
  dropEmptyBranches(generated);
  const schema = renameDefs(generated);
  const properties = schema.properties as Record<string, Json>;
  for (const [key, description] of Object.entries(SECTIONS)) {
    const property = properties[key];
    if (property && property.description === undefined) property.description = description;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: AGREEMENT_SCHEMA_ID,
    title: 'accord agreement',
    description:
      'An investment-for-tariff-relief agreement: parties, tariff tracks with gated steps and snap-back, investment commitments, milestones over verified metrics, verification rules, linked obligations, clawback and waivers.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
