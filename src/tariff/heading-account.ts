/**
 * @module tariff/heading-account
 * The account of subchapter III of chapter 99: for every 9903 heading of an HTS revision, whether the rule base
 * charges it (a layer's heading), files it as a claim (the heading of an exemption, a declared fact, an in-transit
 * rule or a weight test), or, from `data/tariff/chapter99-headings.yaml`, why it does neither (a claim accord does
 * not decide, an exclusion applied without its line, not encoded, suspended, expired, a quota, dormant). A heading in
 * none of these is `unaccounted`: new in a revision, and possibly a duty accord does not charge.
 *
 * @example
 * const account = loadHeadingAccount(diskSource);
 * const used = ruleBaseHeadings(engine.layers);
 * headingStanding('9903.89.05', used, account) // { status: 'suspended', reason: 'the large civil aircraft …', … }
 * headingStanding('9903.01.25', used, account) // { status: 'charged', layers: ['ieepa-baseline', …] }
 */
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AccordError, type Problem } from '../_lib/problem.js';
import type { DataSource } from '../_lib/read-file.js';
import { quoteInput } from '../_lib/words.js';
import { zodProblems } from '../_lib/zod-problems.js';
import { dataDir } from './data-dir.js';
import type { Layer } from './layer.js';

/** Why a heading the rule base does not name is left out (see the YAML file's header for each). */
export const HEADING_STATUSES = [
  'claim',
  'unfiled',
  'not-encoded',
  'suspended',
  'expired',
  'quota',
  'dormant',
] as const;
export type HeadingStatus = (typeof HEADING_STATUSES)[number];

/** A heading (9903.01.25) or an inclusive range of headings (9903.89.05–9903.89.63, with an en dash). */
const HEADING = /^9903\.\d\d\.\d\d$/;
const patternSchema = z
  .string()
  .refine((p) => p.split('–').length <= 2 && p.split('–').every((h) => HEADING.test(h)), {
    message: 'a heading 9903.xx.xx, or a range 9903.xx.xx–9903.xx.xx (en dash)',
  })
  .refine((p) => !p.includes('–') || p.split('–')[0]! < p.split('–')[1]!, {
    message: 'a range runs from the lower heading to the higher',
  });
const groupSchema = z.strictObject({
  headings: z.array(patternSchema).min(1),
  status: z.enum(HEADING_STATUSES),
  reason: z.string().min(1),
  source: z.string().min(1),
});
const fileSchema = z.strictObject({ revision: z.string().min(1), groups: z.array(groupSchema).min(1) });

export type AccountGroup = z.output<typeof groupSchema>;
export type HeadingAccount = z.output<typeof fileSchema>;

/** Where a heading stands with accord. */
export type HeadingStanding =
  /** Charged by these layers (their heading, or the heading filed at or above an inclusive cap). */
  | { status: 'charged'; layers: string[] }
  /** Filed at no duty by these layers' exemptions, declared facts, in-transit rules or weight tests. */
  | { status: 'claimed'; layers: string[] }
  | { status: HeadingStatus; reason: string; source: string }
  | { status: 'unaccounted' };

/** The headings the rule base names, each with the layers that charge it and those that file it as a claim. */
export interface UsedHeadings {
  charged: Map<string, string[]>;
  claimed: Map<string, string[]>;
}

/** Parse the account (YAML text); every problem names the file and a JSON pointer into it. */
export function parseHeadingAccount(text: string, file: string): HeadingAccount {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new AccordError('heading-account-invalid', `${file}: not YAML: ${(error as Error).message}`, {
      problems: [{ code: 'heading-account-invalid', message: (error as Error).message, where: { file } }],
    });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = zodProblems(parsed.error.issues, { code: 'heading-account-invalid', file });
    throw new AccordError(
      'heading-account-invalid',
      `${file}: ${problems.map((p) => `${p.where?.pointer ?? ''} ${p.message}`).join('; ')}`,
      { problems },
    );
  }
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  parsed.data.groups.forEach((g, i) => {
    g.headings.forEach((h, j) => {
      const at = seen.get(h);
      if (at !== undefined)
        problems.push({
          code: 'heading-account-invalid',
          message: `${quoteInput(h)} is listed twice (also in group ${at}): keep it in one group`,
          where: { file, pointer: `/groups/${i}/headings/${j}` },
        });
      seen.set(h, i);
    });
  });
  if (problems.length > 0)
    throw new AccordError('heading-account-invalid', `${file}: ${problems[0]!.message}`, { problems });
  return parsed.data;
}

/** The shipped account, `data/tariff/chapter99-headings.yaml`. */
export function loadHeadingAccount(source: DataSource): HeadingAccount {
  const file = join(dataDir(source), 'chapter99-headings.yaml');
  return parseHeadingAccount(source.readText(file), file);
}

/** Every heading the layers name, as charged or as claimed. */
export function ruleBaseHeadings(layers: readonly Layer[]): UsedHeadings {
  const charged = new Map<string, string[]>();
  const claimed = new Map<string, string[]>();
  const add = (to: Map<string, string[]>, heading: string | undefined, id: string) => {
    if (heading === undefined) return;
    const ids = to.get(heading);
    if (!ids) to.set(heading, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  for (const l of layers) {
    add(charged, l.heading, l.id);
    add(charged, l.headingAtOrAbove, l.id);
    for (const i of l.interactions) add(claimed, i.heading, l.id);
    add(claimed, l.transit?.heading, l.id);
    add(claimed, l.metalWeight?.heading, l.id);
    add(claimed, l.metalWeight?.noMetal?.heading, l.id);
  }
  return { charged, claimed };
}

/** The group of the account that lists a heading, alone or within a range. */
export function accountGroupOf(account: HeadingAccount, heading: string): AccountGroup | undefined {
  return account.groups.find((g) =>
    g.headings.some((p) => {
      const [low, high] = p.split('–');
      return high === undefined ? p === heading : low! <= heading && heading <= high;
    }),
  );
}

/** Where one heading (9903.xx.xx) stands: charged or claimed by the rule base, else as the account says. */
export function headingStanding(
  heading: string,
  used: UsedHeadings,
  account: HeadingAccount,
): HeadingStanding {
  const charged = used.charged.get(heading);
  if (charged) return { status: 'charged', layers: charged };
  const claimed = used.claimed.get(heading);
  if (claimed) return { status: 'claimed', layers: claimed };
  const group = accountGroupOf(account, heading);
  return group
    ? { status: group.status, reason: group.reason, source: group.source }
    : { status: 'unaccounted' };
}

/** The 8-digit headings of subchapter III (9903.xx.xx) among a revision's codes (digits), dotted, in order. */
export function subchapterIIIHeadings(codes: readonly string[]): string[] {
  return codes
    .filter((c) => c.length === 8 && c.startsWith('9903'))
    .map((c) => `${c.slice(0, 4)}.${c.slice(4, 6)}.${c.slice(6, 8)}`);
}
