import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ResultBuffer } from './result-buffer.js';

const text = (b: ResultBuffer) => b.buf.toString('utf8', 0, b.len);

describe('ResultBuffer', () => {
  it('slots a pending line’s MPF in when its entry closes, and nothing (CSV) when it goes on', () => {
    const b = new ResultBuffer(new PassThrough(), 'csv');
    b.writeRow('E1,1,', ',0.00,9903.01.25:10.00\n', true);
    b.pending = true;
    b.settle(undefined);
    b.writeRow('E1,2,', ',1.25,—\n', false);
    b.pending = true;
    b.settle(2_914);
    expect(text(b)).toBe('E1,1,,0.00,9903.01.25:10.00\nE1,2,29.14,1.25,—\n');
    b.settle(1);
    expect(b.len).toBe(Buffer.byteLength(text(b)));
  });

  it('writes null or a quoted amount in JSON', () => {
    const b = new ResultBuffer(new PassThrough(), 'json');
    b.writeRow('{"mpf":', ',"hmf":"0.00"}', true);
    b.pending = true;
    b.settle(undefined);
    b.writeRow(',{"mpf":', '}', true);
    b.pending = true;
    b.settle(100);
    expect(text(b)).toBe('{"mpf":null,"hmf":"0.00"},{"mpf":"1.00"}');
  });

  it('hands full buffers to the stream and the rest on the last flush', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const b = new ResultBuffer(out, 'csv');
    b.write('header\n', true);
    b.ensure(b.buf.length + 1);
    expect(b.hasReady).toBe(true);
    b.write('row\n');
    await b.flush(true);
    expect(Buffer.concat(chunks).toString()).toBe('header\nrow\n');
  });
});
