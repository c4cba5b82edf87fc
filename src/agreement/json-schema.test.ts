import { describe, expect, it } from 'vitest';
import { AGREEMENT_SCHEMA_ID, agreementJsonSchema } from './json-schema.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads deep into generated JSON, whose shape it asserts
type Json = Record<string, any>;

function walk(node: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (node !== null && typeof node === 'object') {
    visit(node as Json);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

describe('agreementJsonSchema', () => {
  const schema = agreementJsonSchema() as Json;

  it('is a draft 2020-12 schema with an $id, a title and a description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(AGREEMENT_SCHEMA_ID);
    expect(schema.title).toBe('accord agreement');
    expect(schema.description).toMatch(/investment-for-tariff-relief/);
  });

  it('describes the file as written: required keys, no extra keys, and section descriptions', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['accord', 'id', 'title', 'status', 'signed', 'parties', 'term', 'tracks']),
    );
    expect(schema.properties.milestones.description).toMatch(/deadlines/);
    expect(schema.properties.status.enum).toEqual(['enacted', 'proposal', 'hypothetical']);
  });

  it('shows dates as format: date strings, with no empty "anything" branch left anywhere', () => {
    expect(schema.properties.signed).toEqual({
      type: 'string',
      format: 'date',
      description: 'calendar date YYYY-MM-DD',
    });
    walk(schema, (node) => {
      if (Array.isArray(node.anyOf))
        for (const branch of node.anyOf) expect(Object.keys(branch).length).toBeGreaterThan(0);
    });
  });

  it('has patterns that compile as ECMAScript regular expressions with the u flag, as validators use them', () => {
    const patterns: string[] = [];
    walk(schema, (node) => {
      if (typeof node.pattern === 'string') patterns.push(node.pattern);
    });
    expect(patterns.length).toBeGreaterThan(5);
    for (const pattern of patterns) expect(() => new RegExp(pattern, 'u')).not.toThrow();
  });

  it('keeps field descriptions (rates, money, durations) and names the recursive condition', () => {
    const step = schema.properties.tracks.items.properties.steps.items;
    expect(step.properties.rate.description).toMatch(/percent/);
    expect(schema.properties.commitments.items.properties.capital.properties.total.description).toMatch(
      /US dollars/,
    );
    expect(schema.$defs.Condition.properties.all.items.$ref).toBe('#/$defs/Condition');
    expect(JSON.stringify(schema)).not.toMatch(/__schema/);
  });
});
