import { describe, expect, it } from 'vitest';
import { findNotText, findNotTextInString } from './text.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('findNotText', () => {
  it('accepts ASCII, multi-byte UTF-8 (é, –, 😀), tabs and CRLF', () => {
    expect(findNotText(Buffer.from('a: "é – 😀"\r\n\tb: 1\n', 'utf8'))).toBeUndefined();
  });

  it('reports a NUL byte with its offset, line and byte column', () => {
    expect(findNotText(bytes(0x61, 0x0a, 0x62, 0x00))).toEqual({
      offset: 3,
      line: 2,
      column: 2,
      reason: 'a NUL byte (0x00)',
    });
  });

  it('reports other control bytes, but not tab, LF or CR', () => {
    expect(findNotText(bytes(0x09, 0x0d, 0x0a, 0x07))?.reason).toBe('the control byte 0x07');
    expect(findNotText(bytes(0x7f))?.reason).toBe('the control byte 0x7F');
  });

  it('rejects bytes that cannot start a character, overlong forms, surrogates and truncated sequences', () => {
    expect(findNotText(bytes(0x80))?.reason).toMatch(/cannot start/);
    expect(findNotText(bytes(0xc0, 0xaf))?.reason).toMatch(/cannot start/); // overlong '/'
    expect(findNotText(bytes(0xe0, 0x80, 0xaf))?.reason).toMatch(/invalid UTF-8/); // overlong
    expect(findNotText(bytes(0xed, 0xa0, 0x80))?.reason).toMatch(/invalid UTF-8/); // U+D800
    expect(findNotText(bytes(0x61, 0xe2, 0x80))).toMatchObject({
      offset: 1,
      reason: expect.stringMatching(/cut off/),
    });
    expect(findNotText(bytes(0xc3, 0x41))?.reason).toBe('an invalid UTF-8 sequence (0xC3 0x41)');
  });

  it('rejects C1 control characters except NEL (U+0085), which YAML allows', () => {
    expect(findNotText(bytes(0xc2, 0x80))?.reason).toBe('the control character U+0080');
    expect(findNotText(bytes(0xc2, 0x85))).toBeUndefined();
  });
});

describe('findNotTextInString', () => {
  it('accepts ordinary text with astral characters', () => {
    expect(findNotTextInString('a: 😀\nb: é')).toBeUndefined();
  });

  it('reports NUL, controls and unpaired surrogates with UTF-16 offsets', () => {
    expect(findNotTextInString('ab\ncd\u0000')).toMatchObject({ offset: 5, line: 2, column: 3 });
    expect(findNotTextInString('x\u001b')?.reason).toBe('the control character U+001B');
    expect(findNotTextInString('x\ud800y')?.reason).toMatch(/unpaired surrogate/);
    expect(findNotTextInString('x\udc00')?.reason).toMatch(/unpaired surrogate/);
  });
});
