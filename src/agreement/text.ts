/**
 * @module agreement/text
 * Decide whether input bytes are text before a YAML parser sees them: valid UTF-8, no NUL or other
 * control characters (binary files are full of them), at most a leading byte-order mark.
 */

/** Where the first byte (or UTF-16 unit) that is not text sits, and why. */
export interface NotText {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

/** C0 controls other than tab, line feed and carriage return, and DEL: never in a YAML file. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/**
 * The first offset at which `bytes` stop being UTF-8 text, or undefined when they are text. Lines and
 * columns are 1-based; the column counts bytes.
 *
 * @example
 * findNotText(new Uint8Array([0x61, 0x00])) // { offset: 1, line: 1, column: 2, reason: 'a NUL byte (0x00)' }
 */
export function findNotText(bytes: Uint8Array): NotText | undefined {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const at = (reason: string): NotText => ({ offset: i, line, column: i - lineStart + 1, reason });
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b === 0x0a) {
        line++;
        lineStart = i + 1;
      } else if (b === 0) return at('a NUL byte (0x00)');
      else if (isControl(b)) return at(`the control byte 0x${hex(b, 2)}`);
      i++;
      continue;
    }
    // Multi-byte sequence: lead byte gives the length; reject overlong forms, surrogates and > U+10FFFF.
    let length: number;
    let min: number;
    let code: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min, code] = [2, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [length, min, code] = [3, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [length, min, code] = [4, 0x10000, b & 0x07];
    else return at(`the byte 0x${hex(b, 2)}, which cannot start a UTF-8 character`);
    if (i + length > bytes.length) return at('a UTF-8 character cut off by the end of the file');
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return at(`an invalid UTF-8 sequence (0x${hex(b, 2)} 0x${hex(c, 2)})`);
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
      return at(`an invalid UTF-8 sequence starting 0x${hex(b, 2)}`);
    if (code >= 0x80 && code <= 0x9f && code !== 0x85) return at(`the control character U+${hex(code, 4)}`);
    i += length;
  }
  return undefined;
}

/**
 * The same check for a string already decoded: unpaired surrogates (not encodable as UTF-8) and control
 * characters. Offsets and columns count UTF-16 units.
 */
export function findNotTextInString(text: string): NotText | undefined {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const at = (reason: string): NotText => ({ offset: i, line, column: i - lineStart + 1, reason });
    if (code === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (code === 0) return at('a NUL character');
    else if (isControl(code) || (code >= 0x80 && code <= 0x9f && code !== 0x85))
      return at(`the control character U+${hex(code, 4)}`);
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return at('an unpaired surrogate (not valid Unicode)');
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) return at('an unpaired surrogate (not valid Unicode)');
  }
  return undefined;
}
