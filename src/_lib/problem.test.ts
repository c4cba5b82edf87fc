import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccordError,
  formatLocation,
  formatProblem,
  hasErrors,
  isAccordError,
  type Problem,
  toPointer,
} from './problem.js';

/** RFC 6901 decoding, written independently: split on '/', then ~1 → '/' before ~0 → '~'. */
function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  expect(pointer.startsWith('/')).toBe(true);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

describe('formatLocation', () => {
  it('formats the documented examples', () => {
    expect(formatLocation({ file: 'a.yaml', line: 3, column: 5 })).toBe('a.yaml:3:5');
    expect(formatLocation({ file: 'e.csv', row: 12 })).toBe('e.csv:row 12');
  });

  it('is empty without a location', () => {
    expect(formatLocation(undefined)).toBe('');
  });

  it('defaults the column to 1 and the file to <input>', () => {
    expect(formatLocation({ file: 'a.yaml', line: 3 })).toBe('a.yaml:3:1');
    expect(formatLocation({ line: 3, column: 7 })).toBe('<input>:3:7');
    expect(formatLocation({ row: 0 })).toBe('<input>:row 0');
    expect(formatLocation({})).toBe('<input>');
    expect(formatLocation({ file: 'b.json' })).toBe('b.json');
  });

  it('renders a JSON pointer, the empty pointer as /', () => {
    expect(formatLocation({ file: 'a.json', pointer: '/milestones/0/by' })).toBe('a.json#/milestones/0/by');
    expect(formatLocation({ file: 'a.json', pointer: '' })).toBe('a.json#/');
    expect(formatLocation({ pointer: '/x' })).toBe('<input>#/x');
  });

  it('prefers a line over a row, and a row over a pointer', () => {
    expect(formatLocation({ file: 'f', line: 2, column: 4, row: 9, pointer: '/a' })).toBe('f:2:4');
    expect(formatLocation({ file: 'f', row: 9, pointer: '/a' })).toBe('f:row 9');
    expect(formatLocation({ file: 'f', column: 4, pointer: '/a' })).toBe('f#/a');
  });
});

describe('formatProblem', () => {
  it('formats the documented example', () => {
    expect(
      formatProblem({
        code: 'yaml-syntax',
        message: 'bad indentation',
        where: { file: 'a.yaml', line: 2, column: 1 },
      }),
    ).toBe('a.yaml:2:1: yaml-syntax: bad indentation');
  });

  it('leaves out the location when there is none', () => {
    expect(formatProblem({ code: 'missing-field', message: 'add a name' })).toBe('missing-field: add a name');
  });

  it('marks warnings and not errors', () => {
    expect(
      formatProblem({ code: 'c', message: 'm', severity: 'warning', where: { file: 'f', row: 3 } }),
    ).toBe('f:row 3: warning: c: m');
    expect(formatProblem({ code: 'c', message: 'm', severity: 'warning' })).toBe('warning: c: m');
    expect(formatProblem({ code: 'c', message: 'm', severity: 'error' })).toBe('c: m');
  });

  it('renders an empty location as <input>', () => {
    expect(formatProblem({ code: 'c', message: 'm', where: {} })).toBe('<input>: c: m');
  });

  it('ignores params', () => {
    expect(formatProblem({ code: 'c', message: 'm', params: { value: 42 } })).toBe('c: m');
  });
});

describe('hasErrors', () => {
  const error: Problem = { code: 'e', message: 'm', severity: 'error' };
  const unmarked: Problem = { code: 'u', message: 'm' };
  const warning: Problem = { code: 'w', message: 'm', severity: 'warning' };

  it('is false for no problems and for warnings only', () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([warning])).toBe(false);
    expect(hasErrors([warning, warning])).toBe(false);
  });

  it('is true when any problem is an error, explicit or by default', () => {
    expect(hasErrors([error])).toBe(true);
    expect(hasErrors([unmarked])).toBe(true);
    expect(hasErrors([warning, unmarked])).toBe(true);
    expect(hasErrors([warning, warning, error])).toBe(true);
  });
});

describe('toPointer', () => {
  it('builds pointers from segments', () => {
    expect(toPointer([])).toBe('');
    expect(toPointer(['milestones', 0, 'by'])).toBe('/milestones/0/by');
    expect(toPointer([''])).toBe('/');
    expect(toPointer(['', ''])).toBe('//');
  });

  it('escapes ~ and / as RFC 6901 requires', () => {
    expect(toPointer(['a/b'])).toBe('/a~1b');
    expect(toPointer(['m~n'])).toBe('/m~0n');
    expect(toPointer(['~1'])).toBe('/~01');
    expect(toPointer(['/~'])).toBe('/~1~0');
    expect(toPointer(['a~/b', 3])).toBe('/a~0~1b/3');
  });

  it('matches the RFC 6901 examples', () => {
    expect(toPointer(['foo', 0])).toBe('/foo/0');
    expect(toPointer(['a/b'])).toBe('/a~1b');
    expect(toPointer(['m~n'])).toBe('/m~0n');
    expect(toPointer([' '])).toBe('/ ');
    expect(toPointer(['c%d'])).toBe('/c%d');
  });

  it('property: RFC 6901 decoding gives back the segments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: fc.constantFrom('a', '~', '/', '0', '1', ' ') }), fc.nat()), {
          maxLength: 6,
        }),
        (path) => {
          expect(decodePointer(toPointer(path))).toEqual(path.map(String));
        },
      ),
    );
  });
});

describe('AccordError', () => {
  it('defaults to exit code 1, HTTP 400, no problems and no cause', () => {
    const e = new AccordError('bad-input', 'fix the input');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(AccordError);
    expect(e.name).toBe('AccordError');
    expect(e.code).toBe('bad-input');
    expect(e.message).toBe('fix the input');
    expect(e.exitCode).toBe(1);
    expect(e.status).toBe(400);
    expect(e.problems).toEqual([]);
    expect(e.cause).toBeUndefined();
    expect('cause' in e).toBe(false);
    expect(String(e)).toBe('AccordError: fix the input');
  });

  it('takes exit code, status, problems and cause from options', () => {
    const cause = new Error('root');
    const problems: Problem[] = [{ code: 'p', message: 'q' }];
    const e = new AccordError('not-found', 'no such agreement', {
      exitCode: 3,
      status: 404,
      problems,
      cause,
    });
    expect(e.exitCode).toBe(3);
    expect(e.status).toBe(404);
    expect(e.problems).toEqual([{ code: 'p', message: 'q' }]);
    expect(e.cause).toBe(cause);
  });

  it('keeps falsy options that are set', () => {
    const e = new AccordError('c', 'm', { exitCode: 0, cause: null });
    expect(e.exitCode).toBe(0);
    expect(e.status).toBe(400);
    expect('cause' in e).toBe(true);
    expect(e.cause).toBeNull();
  });

  it('is throwable and catchable', () => {
    expect(() => {
      throw new AccordError('c', 'boom', { status: 422 });
    }).toThrow(expect.objectContaining({ code: 'c', message: 'boom', status: 422 }));
  });
});

describe('isAccordError', () => {
  it('is true for AccordErrors only', () => {
    expect(isAccordError(new AccordError('c', 'm'))).toBe(true);
    expect(isAccordError(new Error('m'))).toBe(false);
    expect(isAccordError({ name: 'AccordError', code: 'c', message: 'm', exitCode: 1, status: 400 })).toBe(
      false,
    );
    expect(isAccordError(null)).toBe(false);
    expect(isAccordError(undefined)).toBe(false);
    expect(isAccordError('AccordError')).toBe(false);
  });
});
