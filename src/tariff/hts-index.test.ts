import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { diskSource } from '../_lib/read-file.js';
import { dataDir } from './data-dir.js';
import { parseHtsJson } from './hts.js';
import {
  buildHtsIndex,
  exportText,
  htsIndexJson,
  readHtsIndex,
  serializeHtsIndex,
  sha256,
} from './hts-index.js';
import { readManifest, shippedHtsDir } from './hts-store.js';

describe('the shipped HTS index', () => {
  it('is what the shipped export builds, byte for byte, with the checksum the manifest names', () => {
    const [entry] = readManifest(shippedHtsDir(diskSource), diskSource);
    expect(entry).toMatchObject({ label: '2026 Revision 10', effective: '2026-06-08' });
    const exported = readFileSync(join(shippedHtsDir(diskSource), entry!.export));
    expect(sha256(exported)).toBe(entry!.sha256);
    const rebuilt = parseHtsJson(exportText(exported), entry!.export, {
      label: entry!.label,
      effective: entry!.effective,
      source: { file: entry!.export, sha256: entry!.sha256, rows: 0 },
    });
    const shipped = readFileSync(join(shippedHtsDir(diskSource), entry!.index));
    expect(htsIndexJson(serializeHtsIndex(rebuilt.data))).toBe(htsIndexJson(shipped));
    expect(readHtsIndex(shipped, entry!.index).source.rows).toBe(35_509);
    expect(dataDir(diskSource)).toMatch(/data[/\\]tariff$/);
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

  it('reads back what it wrote, and refuses what is not an index', () => {
    const index = buildHtsIndex([{ htsno: '0101.21.00', general: 'Free' }], info, 'x.json');
    expect(readHtsIndex(serializeHtsIndex(index), 'i.br').lines.trimEnd()).toBe('01012100');
    expect(() => readHtsIndex(Buffer.from('not brotli'), 'i.br')).toThrow(/i\.br is not an accord HTS index/);
  });

  it('reads the index stored as plain JSON (the shipped revision) as it reads the compressed one', () => {
    const index = buildHtsIndex([{ htsno: '0101.21.00', general: 'Free' }], info, 'x.json');
    const compressed = serializeHtsIndex(index);
    const plain = Buffer.from(htsIndexJson(compressed));
    expect(plain[0]).toBe(0x7b);
    expect(readHtsIndex(plain, 'i.json')).toEqual(readHtsIndex(compressed, 'i.br'));
    expect(() => readHtsIndex(Buffer.from('{"format":"x"'), 'i.json')).toThrow(
      /i\.json is not an accord HTS index/,
    );
  });

  it('reads the index stored gzip-compressed (the shipped revision) as it reads the Brotli one', () => {
    const index = buildHtsIndex([{ htsno: '0101.21.00', general: 'Free' }], info, 'x.json');
    const compressed = serializeHtsIndex(index);
    const gzipped = gzipSync(Buffer.from(htsIndexJson(compressed)));
    expect(readHtsIndex(gzipped, 'i.json.gz')).toEqual(readHtsIndex(compressed, 'i.br'));
  });
});
