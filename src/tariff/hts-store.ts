/**
 * @module tariff/hts-store
 * Revisions of the HTS on disk: the one shipped in `data/tariff/hts/` and those a user installs
 * (`accord data import-hts FILE`, into `.accord/hts/` by default). A directory holds, per revision, the USITC
 * export as given (compressed, for provenance), its compact index, and a manifest `revisions.json` naming
 * both with the revision's label, effective date and the export's SHA-256. Only the index is read to assess.
 *
 * Directories are read through the {@link DataSource} the caller gives. Installing is split in two: this
 * module works out what a revision's files are and what it changes ({@link prepareHtsRevision}); the command
 * that installs it (`accord data import-hts`, src/cli) writes them, so the domain never writes to the disk.
 */
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import type { DataSource } from '../_lib/read-file.js';
import { quoteInput } from '../_lib/words.js';
import { dataDir } from './data-dir.js';
import { bufferOf, type HtsRevision, HtsSchedule, HtsTable, parseHtsJson, revisionLabelOf } from './hts.js';
import { formatHts } from './hts-code.js';
import { exportText, readHtsIndex, serializeHtsIndex, sha256 } from './hts-index.js';

/** One revision in a directory's manifest. */
export interface ManifestEntry {
  label: string;
  effective: string;
  /** The compact index (`*.index`, see hts-index.ts). */
  index: string;
  /** The USITC export as received, gzip-compressed (`*.json.gz`). */
  export: string;
  /** SHA-256 of the export file as received (before accord compressed it, if it was not). */
  sha256: string;
}

const MANIFEST = 'revisions.json';

/** The directory of the shipped revision. */
export function shippedHtsDir(source: DataSource): string {
  return join(dataDir(source), 'hts');
}

/** Where `accord data import-hts` installs revisions unless told otherwise: `.accord/hts` in the working directory. */
export function defaultInstallDir(cwd = process.cwd()): string {
  return join(cwd, '.accord', 'hts');
}

/** The manifest of a directory; empty when the directory or its manifest does not exist. */
export function readManifest(dir: string, source: DataSource): ManifestEntry[] {
  const path = join(dir, MANIFEST);
  if (!source.exists(path)) return [];
  try {
    const parsed = JSON.parse(source.readText(path)) as { revisions?: ManifestEntry[] };
    return Array.isArray(parsed.revisions) ? parsed.revisions : [];
  } catch (error) {
    throw new AccordError('hts-manifest-unreadable', `${path} is not readable: ${(error as Error).message}`);
  }
}

/** A path as one shell word, quoted when it holds anything but the usual path characters. */
function shellWord(path: string): string {
  return /^[\w./:@%+=,-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/** The revisions listed in a directory, each loaded from its index when first needed. */
export function revisionsIn(dir: string, origin: HtsRevision['origin'], source: DataSource): HtsRevision[] {
  return readManifest(dir, source).map((entry) => ({
    label: entry.label,
    effective: entry.effective as IsoDate,
    origin,
    load: () => {
      const path = join(dir, entry.index);
      let bytes: Buffer;
      try {
        bytes = bufferOf(source.readBytes(path));
      } catch (error) {
        throw new AccordError('hts-index-unreadable', `cannot read ${path}: ${(error as Error).message}`);
      }
      const name = origin === 'shipped' ? `HTS ${entry.label}` : `HTS ${entry.label} (installed in ${dir})`;
      try {
        return new HtsTable(readHtsIndex(bytes, path), name);
      } catch (error) {
        // An index written by an earlier accord: its export is kept beside it, so the fix is one command.
        if (error instanceof AccordError && error.code === 'hts-index-format' && origin === 'installed')
          throw new AccordError(
            'hts-index-format',
            `${path} was written by an earlier version of accord: install the revision again with accord data import-hts ${shellWord(join(dir, entry.export))} --effective ${entry.effective} --revision "${entry.label}"${dir === defaultInstallDir() ? '' : ` --dir ${shellWord(dir)}`}`,
          );
        throw error;
      }
    },
  }));
}

/**
 * The schedule accord assesses with: the shipped revision and those installed in `installDir` (when given and
 * present). An installed revision with the same effective date as another replaces it.
 */
export function loadSchedule(source: DataSource, installDir?: string): HtsSchedule {
  const byDate = new Map<string, HtsRevision>();
  for (const r of revisionsIn(shippedHtsDir(source), 'shipped', source)) byDate.set(r.effective, r);
  if (installDir) for (const r of revisionsIn(installDir, 'installed', source)) byDate.set(r.effective, r);
  return new HtsSchedule([...byDate.values()]);
}

/**
 * The index of a revision listed in a directory, built afresh from the export the manifest names beside it:
 * what `npm run build:data` writes for the shipped revision, and what a test compares the shipped index with.
 */
export function indexFromExport(dir: string, entry: ManifestEntry, source: DataSource): Buffer {
  const path = join(dir, entry.export);
  const table = parseHtsJson(exportText(bufferOf(source.readBytes(path))), path, {
    label: entry.label,
    effective: entry.effective,
    source: { file: entry.export, sha256: entry.sha256, rows: 0 },
  });
  return serializeHtsIndex(table.whole!);
}

/** What a new revision changes against the one it follows. */
export interface RevisionChanges {
  label: string;
  effective: string;
  /** The revision compared with (the one in force before it), or undefined for the first. */
  comparedWith?: string;
  /** True when every other revision is later, so the one compared with follows this one. */
  comparedWithLater?: boolean;
  dir: string;
  lines: number;
  added: string[];
  removed: string[];
  /** Lines in both whose column-1 text changed. */
  rateChanged: { code: string; from: string; to: string }[];
}

function generalOf(table: HtsTable, code: string): string {
  const line = table.get(code);
  if (!line) return '';
  if (line.general !== '' || code.length !== 10) return line.general;
  return table.get(code.slice(0, 8))?.general ?? '';
}

/** Compare two revisions' lines (codes as digits; rates as column-1 text). */
export function compareRevisions(
  before: HtsTable,
  after: HtsTable,
): Pick<RevisionChanges, 'added' | 'removed' | 'rateChanged'> {
  const old = new Set(before.codes());
  const now = new Set(after.codes());
  const added = [...now].filter((c) => !old.has(c));
  const removed = [...old].filter((c) => !now.has(c));
  const rateChanged: RevisionChanges['rateChanged'] = [];
  for (const code of now) {
    if (!old.has(code)) continue;
    const from = generalOf(before, code);
    const to = generalOf(after, code);
    if (from !== to) rateChanged.push({ code, from, to });
  }
  return { added, removed, rateChanged };
}

/** File-name stem of a revision: `hts_2026_rev_11`. */
function stemOf(label: string): string {
  return `hts_${label
    .toLowerCase()
    .replace(/revision/, 'rev')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')}`;
}

/** Options of {@link prepareHtsRevision}. */
export interface ImportOptions {
  /** Directory to install into (created when missing). */
  dir: string;
  /** The revision's label; default: read from the file name (`hts_2026_rev_11.json` → `2026 Revision 11`). */
  label?: string;
  /** The first entry date it applies to (USITC's change record). */
  effective: string;
  /** The schedule to compare with (default: shipped and installed in `dir`). */
  schedule?: HtsSchedule;
}

/** A revision ready to install: what it changes, and the files to write into `changes.dir`. */
export interface RevisionInstall {
  changes: RevisionChanges;
  /** By name, in the order to write them: the export (compressed), its index, then the manifest naming both. */
  files: { name: string; data: Uint8Array | string }[];
  /** The revision as read from the export. */
  table: HtsTable;
}

/**
 * Prepare a USITC HTS JSON export (`.json` or `.json.gz`) for installing as a revision: check it, build its
 * index and the directory's new manifest, and work out what it changes against the revision in force before
 * it. The caller writes the files (src/cli, through temporary names renamed into place).
 */
export function prepareHtsRevision(
  file: string,
  options: ImportOptions,
  source: DataSource,
): RevisionInstall {
  const effective = parseIsoDate(options.effective);
  if (!effective)
    throw new AccordError(
      'usage',
      `--effective ${quoteInput(options.effective)} is not a calendar date (YYYY-MM-DD): give the date the revision took effect`,
      { exitCode: 2 },
    );
  const label = options.label ?? revisionLabelOf(file);
  if (!label)
    throw new AccordError(
      'usage',
      `cannot tell the revision from the file name ${basename(file)}: give it with --revision, e.g. --revision "2026 Revision 11"`,
      { exitCode: 2 },
    );
  let bytes: Buffer;
  try {
    bytes = bufferOf(source.readBytes(file));
  } catch (error) {
    throw new AccordError('hts-file-unreadable', `cannot read HTS file ${file}: ${(error as Error).message}`);
  }
  let content: string;
  try {
    content = exportText(bytes);
  } catch (error) {
    throw new AccordError(
      'hts-file-unreadable',
      `${file} is neither JSON text nor gzip: ${(error as Error).message}`,
    );
  }
  const digest = sha256(bytes);
  const table = parseHtsJson(content, file, {
    label,
    effective,
    source: { file: basename(file), sha256: digest, rows: 0 },
  });
  if (table.codes().length === 0)
    throw new AccordError(
      'hts-json-shape',
      `${file} has no 8- or 10-digit lines: is it the USITC HTS JSON export?`,
    );

  const revisions = (
    options.schedule?.revisions ?? [
      ...revisionsIn(shippedHtsDir(source), 'shipped', source),
      ...revisionsIn(options.dir, 'installed', source),
    ]
  ).filter((r) => r.label !== label);
  const earlier = revisions
    .filter((r) => r.effective < effective)
    .sort((a, b) => (a.effective < b.effective ? -1 : 1));
  const before = earlier.at(-1) ?? revisions[0];
  const previous = before?.load();
  const changes = previous
    ? compareRevisions(previous, table)
    : { added: table.codes(), removed: [], rateChanged: [] };

  const stem = stemOf(label);
  const entry: ManifestEntry = {
    label,
    effective,
    index: `${stem}.index`,
    export: `${stem}.json.gz`,
    sha256: digest,
  };
  const manifest = readManifest(options.dir, source).filter(
    (e) => e.effective !== effective && e.label !== label,
  );
  manifest.push(entry);
  manifest.sort((a, b) => (a.effective < b.effective ? -1 : 1));
  return {
    changes: {
      label,
      effective,
      ...(previous ? { comparedWith: previous.revision.label } : {}),
      ...(previous && earlier.length === 0 ? { comparedWithLater: true } : {}),
      dir: options.dir,
      lines: table.codes().length,
      ...changes,
    },
    files: [
      {
        name: entry.export,
        data: bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : gzipSync(bytes, { level: 9 }),
      },
      { name: entry.index, data: serializeHtsIndex(table.whole!) },
      { name: MANIFEST, data: `${JSON.stringify({ revisions: manifest }, null, 2)}\n` },
    ],
    table,
  };
}

/** The changes as text: counts, then the first lines of each kind. */
export function renderChanges(c: RevisionChanges, max = 20): string {
  const out = [
    `installed HTS ${c.label} (in force from ${c.effective}) in ${c.dir}: ${c.lines.toLocaleString('en-US')} lines`,
  ];
  if (c.comparedWith)
    out.push(
      c.comparedWithLater
        ? `against ${c.comparedWith}, which follows it (no installed revision precedes it):`
        : `against ${c.comparedWith}:`,
    );
  const list = (title: string, items: string[]) => {
    out.push(`  ${title}: ${items.length}`);
    for (const item of items.slice(0, max)) out.push(`    ${item}`);
    if (items.length > max) out.push(`    … and ${items.length - max} more (--json lists all)`);
  };
  list('codes added', c.added.map(formatHts));
  list('codes removed', c.removed.map(formatHts));
  list(
    'general rates changed',
    c.rateChanged.map((r) => `${formatHts(r.code)}: ${r.from || '(none)'} → ${r.to || '(none)'}`),
  );
  return `${out.join('\n')}\n`;
}
