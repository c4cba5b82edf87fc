import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { AccordError } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import { dataDir } from './data-dir.js';
import { HtsTable, parseHtsJson } from './hts.js';
import {
  buildHtsIndex,
  exportText,
  htsIndexText,
  readHtsIndex,
  serializeHtsIndex,
  sha256,
} from './hts-index.js';
import { indexFromExport, readManifest, shippedHtsDir } from './hts-store.js';

describe('the shipped HTS index', () => {
  it('is what the shipped export builds, chapter by chapter, with the checksum the manifest names', () => {
    const dir = shippedHtsDir(diskSource);
    const [entry] = readManifest(dir, diskSource);
    expect(entry).toMatchObject({ label: '2026 Revision 10', effective: '2026-06-08' });
    expect(sha256(readFileSync(join(dir, entry!.export)))).toBe(entry!.sha256);
    const shipped = readFileSync(join(dir, entry!.index));
    // Compared as text: another zlib may compress the same parts to other bytes. When this fails after a
    // change to the format, `npm run build:data` rewrites the shipped index.
    expect(htsIndexText(indexFromExport(dir, entry!, diskSource), 'rebuilt')).toBe(
      htsIndexText(shipped, entry!.index),
    );
    const index = readHtsIndex(shipped, entry!.index);
    expect(index.source.rows).toBe(35_509);
    expect(index.lineCount).toBe(34_691);
    expect(index.chapters).toHaveLength(98);
    expect(dataDir(diskSource)).toMatch(/data[/\\]tariff$/);
  });

  it("reads as the whole revision does: every line, its description (a generic one with its parent's) and rates", () => {
    const dir = shippedHtsDir(diskSource);
    const [entry] = readManifest(dir, diskSource);
    const whole = parseHtsJson(exportText(readFileSync(join(dir, entry!.export))), entry!.export);
    const data = whole.whole!;
    const fromFile = new HtsTable(readHtsIndex(readFileSync(join(dir, entry!.index)), entry!.index));
    expect(fromFile.codes()).toEqual(whole.codes());
    expect(fromFile.size).toBe(whole.size);
    // The whole revision read without chapters: row by row, a generic description takes its parent's.
    const text = (column: Uint32Array, row: number) => data.strings[column[row]!]!;
    const described = (row: number) => {
      const own = text(data.description, row);
      if (!/^other\b/i.test(own) || own.length > 40) return own;
      for (let i = row - 1; i >= 0; i--)
        if (data.indent[i]! < data.indent[row]!) {
          const parent = text(data.description, i).replace(/:$/, '');
          return parent === '' ? own : `${parent}: ${own}`;
        }
      return own;
    };
    whole.codes().forEach((code, i) => {
      const row = data.lineRow[i]!;
      const units = text(data.units, row);
      expect(fromFile.get(code), code).toEqual({
        code,
        description: described(row),
        general: text(data.general, row),
        special: text(data.special, row),
        other: text(data.other, row),
        units: units === '' ? [] : units.split('|'),
      });
    });
  });
});

describe('buildHtsIndex', () => {
  const info = { label: 'test', effective: '2026-01-01', source: { file: 'x.json', sha256: '', rows: 0 } };

  it('keeps the texts as printed, without the HTML markup some exports carry', () => {
    const index = buildHtsIndex(
      [
        { htsno: '0806.10.20', description: 'Grapes (<i>Vitis</i>)', general: '$1.13/m<sup>3</sup>' },
        { htsno: '8708.22.00.00', description: 'Windshields', general: '2.5% <u></u>' },
      ],
      info,
      'x.json',
    );
    expect(index.strings[index.general[0]!]).toBe('$1.13/m3');
    expect(index.strings[index.description[0]!]).toBe('Grapes (Vitis)');
    expect(index.strings[index.general[1]!]).toBe('2.5%');
  });

  it('keeps the rows of a chapter together, in their order, in a file that does not', () => {
    const index = buildHtsIndex(
      [
        { htsno: '0101', description: 'Horses:', indent: '0' },
        { htsno: '0101.21.00', description: 'Other', indent: '1', general: 'Free' },
        { htsno: '0201.10.00', description: 'Beef', indent: '0', general: '4%' },
        { htsno: '0101.29.00', description: 'Other', indent: '1', general: '2%' },
      ],
      info,
      'x.json',
    );
    const table = new HtsTable(readHtsIndex(serializeHtsIndex(index), 'i.index'));
    expect(table.codes()).toEqual(['01012100', '01012900', '02011000']);
    expect(table.get('01012900')).toMatchObject({ description: 'Horses: Other', general: '2%' });
  });

  it('reads back what it wrote, a header row with the chapter it heads, texts in any script', () => {
    const index = buildHtsIndex(
      [
        { htsno: '0101.21.00', general: 'Free', description: 'Horses' },
        { description: 'Of bovine animals:', indent: '0' },
        { htsno: '0201.10.00', general: '26.4¢/kg', description: 'Other', indent: '1' },
      ],
      info,
      'x.json',
    );
    const bytes = serializeHtsIndex(index);
    const read = readHtsIndex(bytes, 'i.index');
    expect(read.chapters).toEqual(['01', '02']);
    const table = new HtsTable(read);
    expect(table.get('02011000')).toMatchObject({
      general: '26.4¢/kg',
      description: 'Of bovine animals: Other',
    });
    expect(table.get('01012100')?.general).toBe('Free');
    expect(table.has('03011000')).toBe(false);
    // Written as ASCII, decoded as Latin-1.
    expect([...bytes.subarray(0, bytes.indexOf(0x0a))].every((b) => b < 0x80)).toBe(true);
  });

  it('refuses what is not an index of this format, and a truncated or damaged one', () => {
    const index = buildHtsIndex([{ htsno: '0101.21.00', general: 'Free' }], info, 'x.json');
    const bytes = serializeHtsIndex(index);
    expect(() => readHtsIndex(Buffer.from('not an index'), 'i.index')).toThrow(
      /i\.index is not an accord HTS index of format accord-hts-index\/3/,
    );
    expect(() => readHtsIndex(gzipSync('{"format":"accord-hts-index/2"}'), 'old.json.gz')).toThrow(
      /install the revision again with accord data import-hts/,
    );
    expect(() => readHtsIndex(bytes.subarray(0, bytes.length - 1), 'i.index')).toThrow(
      /i\.index is not a readable accord HTS index: its chapters should take/,
    );
    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 12]! ^= 0xff;
    const read = readHtsIndex(damaged, 'i.index');
    expect(() => read.chapter('01')).toThrow(/i\.index is not a readable accord HTS index: chapter 01/);
  });

  it('answers a damaged file with an error that names it, never a crash (every byte of a small index flipped)', () => {
    const index = buildHtsIndex(
      [
        { htsno: '0101', description: 'Horses:', indent: '0' },
        { htsno: '0101.21.00', general: 'Free', description: 'Other', indent: '1' },
        { htsno: '0201.10.00', general: '26.4¢/kg', description: 'Beef', indent: '0' },
      ],
      info,
      'x.json',
    );
    const bytes = serializeHtsIndex(index);
    let refused = 0;
    for (let at = 0; at < bytes.length; at++) {
      for (const mask of [0x01, 0x20, 0xff]) {
        const damaged = Buffer.from(bytes);
        damaged[at]! ^= mask;
        try {
          const table = new HtsTable(readHtsIndex(damaged, 'i.index'));
          table.codes();
          table.get('01012100');
          table.nearest('0201109999');
        } catch (error) {
          expect((error as AccordError).code, `byte ${at} ^ ${mask}: ${(error as Error).message}`).toMatch(
            /^hts-index-(unreadable|format)$/,
          );
          expect((error as Error).message).toContain('i.index');
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(bytes.length);
  });
});
