/**
 * Every command the documentation tells a user to type runs as written. The shell blocks of README.md,
 * docs/*.md and the examples' READMEs are read; each line that starts with `accord ` or `npx accord ` (a
 * trailing `\` continues it) is run as a real process, in document order, in a scratch folder per document
 * that sees the repository's `examples/` — so a walkthrough's later commands find the files its earlier ones
 * wrote. A command must exit 0 unless its block says otherwise.
 *
 * A block is marked with an HTML comment on the line just above its fence:
 *   <!-- docs-test: skip <reason> -->        not run (a long run), the reason saying why
 *   <!-- docs-test: exit <code> -->          each command in it must exit with this code (a documented failure)
 *   <!-- docs-test: background <text> -->   each command in it is a server: it is started, the walkthrough
 *                                            goes on once its output shows <text>, and it is stopped after the
 *                                            document's last command (a walkthrough against a running server)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { plural } from '../src/_lib/words.js';
import { ROOT } from './helpers/cli.js';

const ENTRY = join(ROOT, 'src/cli/entry.ts');
// The scratch folder has no node_modules: load tsx by its resolved location, not by name.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);

interface DocCommand {
  doc: string;
  line: number;
  text: string;
  args: string[];
  stdout?: string;
  expectExit: number;
  /** A server: started in the background; the walkthrough waits until its output shows this text. */
  background?: string;
}

interface SkippedBlock {
  doc: string;
  line: number;
  reason: string;
}

/**
 * Split a command line into words as a POSIX shell would for the simple forms the docs use: words, single
 * and double quotes, backslash escapes, a trailing `# comment` and one `> file` redirection. Anything more
 * (pipes, `&&`, substitutions, variables) is refused, so that the docs stay copyable on any shell.
 */
function shellWords(text: string): { args: string[]; stdout?: string } {
  const words: string[] = [];
  let word: string | undefined;
  let stdout: string | undefined;
  let redirect = false;
  const end = () => {
    if (word === undefined) return;
    if (redirect) {
      if (stdout !== undefined) throw new Error(`two redirections in: ${text}`);
      stdout = word;
      redirect = false;
    } else words.push(word);
    word = undefined;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${text}`);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      let j = i + 1;
      let part = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '$' || text[j] === '`') throw new Error(`substitution in: ${text}`);
        if (text[j] === '\\' && '"\\$`'.includes(text[j + 1] ?? '')) j++;
        part += text[j];
      }
      if (j >= text.length) throw new Error(`unclosed " in: ${text}`);
      word = (word ?? '') + part;
      i = j;
    } else if (c === '\\') {
      word = (word ?? '') + (text[i + 1] ?? '');
      i++;
    } else if (c === ' ' || c === '\t') end();
    else if (c === '#' && word === undefined) break;
    else if (c === '>') {
      end();
      if (redirect || text[i + 1] === '>' || text[i + 1] === '&') throw new Error(`redirection in: ${text}`);
      redirect = true;
    } else if ('|&;<$`(){}*?[]~'.includes(c))
      throw new Error(`"${c}" is more shell than the docs may use: ${text}`);
    else word = (word ?? '') + c;
  }
  end();
  if (redirect) throw new Error(`> without a file in: ${text}`);
  return { args: words, ...(stdout !== undefined && { stdout }) };
}

/** The accord commands in a Markdown document's shell blocks, and the blocks marked to skip. */
function docCommands(doc: string, markdown: string): { commands: DocCommand[]; skipped: SkippedBlock[] } {
  const lines = markdown.split('\n');
  const commands: DocCommand[] = [];
  const skipped: SkippedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(lines[i]!);
    if (!fence) continue;
    const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence[2]!));
    const last = close < 0 ? lines.length : close;
    const marker = /<!--\s*docs-test:\s*(skip|exit|background)\s*(.*?)\s*-->/.exec(lines[i - 1] ?? '');
    if (SHELL_LANGS.has(fence[3]!)) {
      if (marker?.[1] === 'skip') {
        if (!marker[2]) throw new Error(`${doc}:${i}: a docs-test skip marker needs its reason`);
        skipped.push({ doc, line: i + 1, reason: marker[2] });
      } else {
        const expectExit = marker?.[1] === 'exit' ? Number(marker[2]) : 0;
        const background = marker?.[1] === 'background' ? marker[2] : undefined;
        if (background === '')
          throw new Error(`${doc}:${i}: a docs-test background marker needs the text a ready server prints`);
        for (let j = i + 1; j < last; j++) {
          const start = j;
          let text = lines[j]!.trim().replace(/^\$ /, '');
          while (text.endsWith('\\') && j + 1 < last) text = `${text.slice(0, -1)} ${lines[++j]!.trim()}`;
          const m = /^(?:npx )?accord( .*)$/.exec(text);
          if (!m) continue;
          commands.push({
            doc,
            line: start + 1,
            text,
            expectExit,
            ...(background !== undefined && { background }),
            ...shellWords(m[1]!),
          });
        }
      }
    }
    i = last;
  }
  return { commands, skipped };
}

function documents(): { doc: string; text: string }[] {
  const docs = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  for (const dir of readdirSync(join(ROOT, 'examples')))
    if (existsSync(join(ROOT, 'examples', dir, 'README.md'))) docs.push(`examples/${dir}/README.md`);
  return docs.map((doc) => ({ doc, text: readFileSync(join(ROOT, doc), 'utf8') }));
}

/** Start a documented server and wait (at most a minute) until its output says it is ready. */
async function startServer(c: DocCommand, cwd: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', TSX, ENTRY, ...c.args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  for (let i = 0; i < 600 && !out.includes(c.background!) && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  if (!out.includes(c.background!)) {
    child.kill('SIGKILL');
    throw new Error(`${c.doc}:${c.line}: ${c.text}\nnever printed "${c.background}":\n${out.slice(-2000)}`);
  }
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('shellWords', () => {
  it('reads quotes, escapes, a comment and a redirection the way a shell does', () => {
    expect(
      shellWords(` negotiate analyze d.yaml --proposal '{"a": 1}' --json > out.json  # all of it`),
    ).toEqual({
      args: ['negotiate', 'analyze', 'd.yaml', '--proposal', '{"a": 1}', '--json'],
      stdout: 'out.json',
    });
    expect(shellWords(' serve --db "postgres://h/test?schema=a\\"b" x\\ y').args).toEqual([
      'serve',
      '--db',
      'postgres://h/test?schema=a"b',
      'x y',
    ]);
  });

  it('refuses what only some shells would run', () => {
    for (const line of [' demo | less', ' demo && accord validate x', ' duty --value $V', ' demo >> log'])
      expect(() => shellWords(line)).toThrow();
  });
});

describe('docCommands', () => {
  it('joins continued lines, keeps document order and honours the markers', () => {
    const md = [
      '```sh',
      'npm ci',
      'npx accord schedule a.yaml \\',
      '  --json',
      '```',
      '<!-- docs-test: skip needs a server -->',
      '```sh',
      'accord serve',
      '```',
      '<!-- docs-test: exit 1 -->',
      '```sh',
      'accord validate bad.yaml',
      '```',
      '```text',
      'accord is serving http://127.0.0.1:8080/',
      '```',
    ].join('\n');
    const { commands, skipped } = docCommands('x.md', md);
    expect(commands.map((c) => [c.line, c.args, c.expectExit])).toEqual([
      [3, ['schedule', 'a.yaml', '--json'], 0],
      [12, ['validate', 'bad.yaml'], 1],
    ]);
    expect(skipped).toEqual([{ doc: 'x.md', line: 7, reason: 'needs a server' }]);
  });
});

describe('every accord command in README.md, docs/ and the examples runs as written', () => {
  const all = documents().map(({ doc, text }) => ({ doc, ...docCommands(doc, text) }));
  // Skipping is for what cannot run in a test (a server that never exits); keep the list short.
  it('skips few blocks, each with its reason', () => {
    const skipped = all.flatMap((d) => d.skipped);
    // Today: the four blocks of docs/actors.md that talk to a running server.
    expect(skipped.length, JSON.stringify(skipped, null, 1)).toBeLessThanOrEqual(6);
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(5);
  });

  it('finds the walkthroughs the README promises', () => {
    const readme = all.find((d) => d.doc === 'README.md')!.commands.map((c) => c.args.slice(0, 2).join(' '));
    expect(readme).toEqual(
      expect.arrayContaining([
        'ledger keygen',
        'ledger policy',
        'ledger append',
        'ledger verify',
        'audit log.db',
      ]),
    );
    expect(readme.length).toBeGreaterThan(25);
  });

  for (const { doc, commands } of all) {
    if (commands.length === 0) continue;
    it(`${doc}: ${plural(commands.length, 'command')}`, { timeout: 30 * 60_000 }, async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'accord-docs-'));
      scratch.push(cwd);
      symlinkSync(join(ROOT, 'examples'), join(cwd, 'examples'));
      const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
      const servers: ChildProcess[] = [];
      try {
        for (const c of commands) {
          if (c.background !== undefined) {
            servers.push(await startServer(c, cwd, env));
            continue;
          }
          const r = spawnSync(process.execPath, ['--import', TSX, ENTRY, ...c.args], {
            cwd,
            encoding: 'utf8',
            env,
            maxBuffer: 64 * 1024 * 1024,
          });
          const where = `${doc}:${c.line}: ${c.text}\n${r.stdout?.slice(-2000)}\n${r.stderr?.slice(-2000)}`;
          expect(r.status, where).toBe(c.expectExit);
          // A documented command never crashes, even when it is documented to fail.
          expect(r.stderr, where).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
          if (c.stdout !== undefined) writeFileSync(join(cwd, c.stdout), r.stdout);
        }
      } finally {
        for (const p of servers) await stopServer(p);
      }
    });
  }
});
