/**
 * @module tariff/assess/general-row
 * The general row path: any row the byte path hands on (quotes, non-ASCII text, content columns, a text cell
 * that could start a spreadsheet formula, an importer-scoped overlay …) and every bad row. It reads the row
 * as text, checks each field as `accord duty` does, replays a plan when the line's duty is a fixed set of
 * rates on its value and asks the engine otherwise, and writes the same bytes as the byte path.
 */
import { csvTextCell } from '../../_lib/csv-cell.js';
import type { IsoDate } from '../../_lib/date.js';
import { formatCents } from '../../_lib/money.js';
import { AccordError } from '../../_lib/problem.js';
import { quoteInput } from '../../_lib/words.js';
import { dateNumberOf } from '../csv-bytes.js';
import type { TariffEngine } from '../engine.js';
import { parseDateField, parseMoneyField, parseOriginField, parseTransportField } from '../entry-fields.js';
import { type Cached, makePlan, type PlanIndex } from '../plan-index.js';
import type { Columns } from './columns.js';
import { splitCsvLine } from './csv-text.js';
import type { EntryMpf } from './entry-mpf.js';
import {
  cents,
  hmfOf,
  MAX_LINE_DUTY,
  MAX_SAFE_VALUE,
  parsePlainCents,
  percentOf,
  perMillion,
} from './numbers.js';
import type { ResultBuffer } from './result-buffer.js';
import type { RowProblems } from './row-problems.js';
import { slowLine } from './slow-line.js';
import type { AssessTotals } from './totals.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A row's fields once read and checked. */
interface RowFields {
  id: string;
  htsText: string;
  origin: string;
  o0: number;
  o1: number;
  date: IsoDate;
  value: number;
  importer: string;
  transport: string;
  mfn: string;
  extras: boolean;
}

/** A line's duty and its layers cell (CSV `heading:duty|…`, JSON objects), as both paths write them. */
interface LineDuty {
  duty: number;
  layerText: string;
  headingsAscii: boolean;
}

/** What the general path shares with the rest of the run. */
export interface GeneralRowDeps {
  engine: TariffEngine;
  cols: Columns;
  problems: RowProblems;
  buffer: ResultBuffer;
  entries: EntryMpf;
  totals: AssessTotals;
  index: PlanIndex;
  /** True when an overlay scopes relief to importers: plans then depend on the importer. */
  overlayImporters: boolean;
}

export class GeneralRows {
  /** The row read was plain ASCII (its output can be encoded as latin1). */
  #ascii = true;
  /** Plans of lines with an mfn column or an importer-scoped overlay, which the index does not hold. */
  readonly #plans = new Map<string, Cached>();
  readonly #dates = new Map<string, IsoDate | undefined>();
  readonly #hmfRate: number;

  constructor(readonly deps: GeneralRowDeps) {
    this.#hmfRate = deps.engine.ruleBase.fees.hmf.rate;
  }

  /** Read `buf[start, end)` as text: the header (row 0) or a data row. */
  text(buf: Buffer, start: number, end: number, ascii: boolean): void {
    const { problems } = this.deps;
    let text: string;
    this.#ascii = ascii;
    if (ascii) text = buf.toString('latin1', start, end);
    else {
      try {
        text = utf8.decode(buf.subarray(start, end));
      } catch {
        if (problems.row === 0)
          throw new AccordError('assess-bad-bytes', `${problems.file}: the header row is not UTF-8 text`);
        problems.bad('the row is not valid UTF-8 text (garbage bytes?)', 'assess-bad-bytes');
        return;
      }
    }
    if (problems.row === 0) {
      this.deps.cols.read(text, problems.file);
      return;
    }
    const cells = splitCsvLine(text);
    if (!cells) {
      problems.bad('unbalanced quotes in the row');
      return;
    }
    const fields = this.#fields(cells);
    if (fields === undefined) return;
    const line = this.#duty(fields, cells);
    if (line !== undefined) this.#record(fields, line, cells);
  }

  #parseDate(name: string, text: string): IsoDate | undefined {
    let d = this.#dates.get(text);
    if (d === undefined && !this.#dates.has(text)) {
      const p = parseDateField(name, text);
      d = p.ok ? p.value : undefined;
      if (this.#dates.size < 100_000) this.#dates.set(text, d);
    }
    return d;
  }

  /** The row's fields, checked; undefined when one is wrong (reported). */
  #fields(cells: string[]): RowFields | undefined {
    const { cols, problems, engine } = this.deps;
    const cell = (i: number): string => (i < 0 ? '' : cells[i]!);
    if (cells.length !== cols.count) {
      problems.bad(`expected ${cols.count} columns, found ${cells.length}`);
      return undefined;
    }
    const id = cells[cols.iId]!;
    const htsText = cells[cols.iHts]!;
    const originText = cells[cols.iOrigin]!;
    const dateText = cells[cols.iDate]!;
    const valueText = cells[cols.iValue]!;
    const importer = cell(cols.iImporter);
    if (id === '' || htsText === '' || originText === '' || dateText === '' || valueText === '') {
      problems.bad('entry_id, hts, origin, entry_date and value must not be empty');
      return undefined;
    }
    const o0 = originText.charCodeAt(0);
    const o1 = originText.charCodeAt(1);
    const upper = originText.length === 2 && o0 >= 65 && o0 <= 90 && o1 >= 65 && o1 <= 90;
    if (!upper) {
      const p = parseOriginField(originText);
      problems.bad(p.ok ? `origin ${quoteInput(originText)} must be upper case` : p.message);
      return undefined;
    }
    const date = this.#parseDate('entry_date', dateText);
    if (date === undefined) {
      problems.bad(`entry_date ${quoteInput(dateText)} is not a calendar date (YYYY-MM-DD)`);
      return undefined;
    }
    let value = parsePlainCents(valueText);
    if (value < 0) {
      const p = parseMoneyField('value', valueText);
      if (!p.ok) {
        problems.bad(p.message);
        return undefined;
      }
      value = Number(p.value);
    }
    const transport = cell(cols.iTransport);
    if (transport !== '' && transport !== 'ocean' && transport !== 'air' && transport !== 'other') {
      const p = parseTransportField(transport);
      if (!p.ok) {
        problems.bad(p.message);
        return undefined;
      }
    }
    let extras = false;
    for (const i of cols.iExtras) if (cells[i] !== '') extras = true;
    const coverageFrom = engine.ruleBase.coverageFrom;
    if (date < coverageFrom) {
      problems.bad(`the rule base covers entries from ${coverageFrom}; ${date} is earlier`);
      return undefined;
    }
    const mfn = cell(cols.iMfn);
    return { id, htsText, origin: originText, o0, o1, date, value, importer, transport, mfn, extras };
  }

  /** The plan that replays the line, 'slow' for the engine, or the engine's refusal. */
  #plan(f: RowFields): Cached {
    const { index, overlayImporters, engine, totals } = this.deps;
    if (f.extras || f.value > MAX_SAFE_VALUE) return 'slow';
    if (f.mfn === '' && !overlayImporters) return index.planFor(f.htsText, f.o0, f.o1, f.date);
    const era = index.eraOf(f.htsText, f.o0, f.o1, f.date);
    const planKey = `${f.htsText}|${f.origin}|${era}|${f.mfn}|${overlayImporters ? f.importer : ''}`;
    let plan = this.#plans.get(planKey);
    if (plan === undefined) {
      const made = makePlan(engine, {
        hts: f.htsText,
        origin: f.origin,
        date: f.date,
        value: 1_000_000_00n,
        ...(f.mfn ? { mfn: f.mfn } : {}),
        ...(f.importer ? { importer: f.importer } : {}),
      });
      // Kept out of the index (id −1): the byte path never sees lines with mfn or importer-scoped relief.
      const slotOf = (heading: string) => totals.byLayer.idOfText(heading);
      plan =
        made === 'slow' || 'error' in made ? made : { ...made, id: -1, slots: made.headings.map(slotOf) };
      if (this.#plans.size < 200_000) this.#plans.set(planKey, plan);
    }
    return plan;
  }

  /** The line's duty by plan or by the engine, added by heading; undefined when refused (reported). */
  #duty(f: RowFields, cells: string[]): LineDuty | undefined {
    const { problems, totals, buffer } = this.deps;
    const plan = this.#plan(f);
    if (plan !== 'slow' && 'error' in plan) {
      problems.bad(plan.error, plan.code);
      return undefined;
    }
    const csv = buffer.format === 'csv';
    let duty = 0;
    let layerText = '';
    if (plan !== 'slow') {
      const { rates, slots } = plan;
      for (let i = 0; i < rates.length; i++) {
        const d = perMillion(f.value * rates[i]!);
        duty += d;
        totals.byLayer.add(slots[i]!, 0, d);
        if (buffer.out)
          layerText += csv ? `${plan.csvPrefix[i]}${cents(d)}` : `${plan.jsonPrefix[i]}${cents(d)}"}`;
      }
      return { duty, layerText, headingsAscii: plan.ascii };
    }
    const { engine, cols } = this.deps;
    const result = slowLine(engine, cells, cols.byName, f);
    if ('error' in result) {
      problems.bad(result.error, result.code);
      return undefined;
    }
    let lineDuty = 0n;
    for (const l of result.lines) if (l.applied) lineDuty += l.duty;
    if (lineDuty >= MAX_LINE_DUTY) {
      // A 400-digit weight or a 5000% --mfn gets here: refused, so that the sums stay exact.
      problems.bad(
        'the duty on this line is $10 trillion or more, beyond what bulk assessment sums; check value, weight_kg and mfn',
        'assess-row-too-large',
      );
      return undefined;
    }
    let i = 0;
    for (const l of result.lines) {
      if (!l.applied) continue;
      const d = Number(l.duty);
      duty += d;
      totals.byLayer.add(totals.byLayer.idOfText(l.heading), 0, d);
      if (csv) layerText += `${i > 0 ? '|' : ''}${l.heading}:${formatCents(l.duty)}`;
      else
        layerText += `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(l.heading)},"duty":"${formatCents(l.duty)}"}`;
      i++;
    }
    return { duty, layerText, headingsAscii: false };
  }

  /** Count the line in its entry and the totals, and write its result (pending its MPF). */
  #record(f: RowFields, line: LineDuty, cells: string[]): void {
    const { entries, totals, buffer, cols } = this.deps;
    const { duty, layerText } = line;
    const hmfCents = f.transport === 'ocean' ? hmfOf(f.value, this.#hmfRate) : 0;
    // Entry bookkeeping: a new entry id closes the previous entry.
    const idBytes = Buffer.from(f.id);
    if (!entries.isOpen(idBytes, 0, idBytes.length)) {
      buffer.settle(entries.close());
      entries.open(idBytes, 0, idBytes.length, dateNumberOf(f.date));
    } else buffer.settle(undefined);
    entries.value += f.value;
    totals.addLine(f.value, duty, hmfCents, f.o0, f.o1);
    if (f.importer !== '') totals.byImporter.add(totals.byImporter.idOfText(f.importer), f.value, duty);

    if (buffer.out) {
      const lineNo = cols.iLine < 0 ? '' : cells[cols.iLine]!;
      const ascii = this.#ascii && line.headingsAscii;
      const { id, importer, htsText, origin, date, value } = f;
      if (buffer.format === 'csv') {
        buffer.writeRow(
          `${csvTextCell(id)},${csvTextCell(lineNo)},${csvTextCell(importer)},${csvTextCell(htsText)},${origin},${date},${cents(value)},${cents(duty)},${percentOf(duty, value)},`,
          `,${cents(hmfCents)},${csvTextCell(layerText)}\n`,
          ascii,
        );
      } else {
        const sep = buffer.firstJsonRow ? '' : ',\n';
        buffer.firstJsonRow = false;
        buffer.writeRow(
          `${sep}{"entryId":${JSON.stringify(id)},"line":${JSON.stringify(lineNo)},"importer":${JSON.stringify(importer)},"hts":${JSON.stringify(htsText)},"origin":"${origin}","date":"${date}","value":"${cents(value)}","totalDuty":"${cents(duty)}","effectiveRate":"${percentOf(duty, value)}","mpf":`,
          `,"hmf":"${cents(hmfCents)}","layers":[${layerText}]}`,
          ascii,
        );
      }
    }
    buffer.pending = true;
  }
}
