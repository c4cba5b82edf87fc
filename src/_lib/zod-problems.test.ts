import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ZodIssue, zodProblems } from './zod-problems.js';

const schema = z.strictObject({
  title: z.string().meta({ description: 'a title' }),
  kind: z.enum(['report', 'review']),
  'a/b': z.array(z.number().min(1)).optional(),
});

function issuesOf(data: unknown): ZodIssue[] {
  const r = schema.safeParse(data);
  if (r.success) throw new Error('expected the data to be rejected');
  return r.error.issues;
}

describe('zod issues as problems, worded by zod', () => {
  const issues = issuesOf({ title: 'x', kind: 'report', 'a/b': [0] });

  it('escapes pointers per RFC 6901 by default and names the file', () => {
    expect(zodProblems(issues, { code: 'bad', file: 'f.json' })).toEqual([
      { code: 'bad', message: issues[0]!.message, where: { file: 'f.json', pointer: '/a~1b/0' } },
    ]);
  });

  it('joins the path unescaped when asked, and leaves out an absent file', () => {
    expect(zodProblems(issues, { code: 'bad', pointer: 'joined' })[0]?.where).toEqual({ pointer: '/a/b/0' });
    expect(zodProblems(issues, { code: 'bad', file: undefined })[0]?.where).toEqual({ pointer: '/a~1b/0' });
  });

  it('takes the code and message from the caller, and the location from locate', () => {
    const [p] = zodProblems(issues, {
      code: (i) => `bad-${i.code}`,
      message: (i, path) => `${path.join('.')}: ${i.message}`,
      locate: (path) => ({ file: 'f.yaml', line: path.length }),
    });
    expect(p).toEqual({
      code: 'bad-too_small',
      message: `a/b.0: ${issues[0]!.message}`,
      where: { file: 'f.yaml', line: 2 },
    });
  });

  it('stops at the limit', () => {
    const many = issuesOf({ kind: 'x', extra: 1 });
    expect(many.length).toBeGreaterThan(1);
    expect(zodProblems(many, { code: 'bad', limit: 1 })).toHaveLength(1);
  });
});

describe('zod issues as problems, explained', () => {
  const explain = (data: unknown) =>
    zodProblems(issuesOf(data), {
      explain: { data, schema },
      locate: (path, at) => ({ pointer: `${at}:${path.join('/')}` }),
    });

  it('names missing fields with their description and suggests the nearest key', () => {
    expect(explain({ titel: 'x', kind: 'report' })).toEqual([
      {
        code: 'missing-field',
        message: 'missing required field "title" (a title)',
        where: { pointer: 'key:title' },
      },
      {
        code: 'unknown-key',
        message: 'unknown key "titel" (did you mean "title"?); allowed here: title, kind, a/b',
        params: { key: 'titel', allowed: ['title', 'kind', 'a/b'], suggestion: 'title' },
        where: { pointer: 'key:titel' },
      },
    ]);
  });

  it('says what was expected and what was found', () => {
    expect(explain({ title: 3, kind: 'reprot' })).toEqual([
      {
        code: 'invalid-type',
        message: 'expected text, got the number 3',
        params: { expected: 'string' },
        where: { pointer: 'value:title' },
      },
      {
        code: 'invalid-value',
        message: 'expected one of report, review, got the text "reprot" — did you mean "report"?',
        params: { allowed: ['report', 'review'] },
        where: { pointer: 'value:kind' },
      },
    ]);
  });
});
