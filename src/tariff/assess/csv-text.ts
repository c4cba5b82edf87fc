/**
 * @module tariff/assess/csv-text
 * The general path's reading of a row as text: its cells (RFC 4180 quoting), and the engine's messages
 * reworded for an entry file, whose column-1 rate goes in a column rather than an option.
 */

/**
 * The engine's hints name `accord duty`'s `--mfn` option; in an entry file the column-1 rate goes in the
 * row's `mfn` column instead, which is what a row's problem must tell the user to fill in.
 */
export function forEntryFile(message: string): string {
  if (!message.includes('--mfn')) return message;
  return message
    .replace(
      /pass (.*?) with --mfn RATE \(e\.g\. --mfn ([^)]*)\)/g,
      "give $1 in the row's mfn column (e.g. $2)",
    )
    .replace(/pass (.*?) (?:with|as) --mfn(?: RATE)?/g, "give $1 in the row's mfn column")
    .replace(/--mfn\b/g, 'the mfn column');
}

/** The cells of a CSV row read as text (quotes undone); undefined when its quotes do not balance. */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      if (i < line.length && line[i] !== ',') return undefined;
      i++;
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}
