/**
 * @module negotiation/genius-xml
 * Read and write Genius XML (ANAC 2010–2019): a `negotiation_template` domain file and one `utility_space`
 * profile per party. Evaluations are kept exactly as written (tables marked `issue-max`); the convention
 * chosen at analysis time decides whether they are divided by each issue's maximum (see `Convention`).
 *
 * Numbers are checked as Genius checks them: an evaluation must be a finite number ≥ 0 (Genius's
 * `EvaluatorDiscrete` rejects negative ones), a weight a finite number ≥ 0. Genius does not require the
 * weights to sum to one, so a sum further than {@link GENIUS_WEIGHT_SUM_TOLERANCE} from one is a warning,
 * not an error: the analysis still runs, but under the genius convention the best outcome is then worth
 * that sum rather than 1.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AccordError, type Location, type Problem } from '../_lib/problem.js';
import type { Domain, Evaluator, Issue, Profile } from './model.js';
import { locate, positionOf } from './source-position.js';

type Node = Record<string, unknown>;

/**
 * How far from one a Genius profile's weights may sum before the reader warns. ANAC files write weights
 * to a few decimals (Laptop's sum to 1.00005); a difference above 0.001 is not rounding.
 */
export const GENIUS_WEIGHT_SUM_TOLERANCE = 1e-3;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => ['issue', 'item', 'weight', 'objective', 'utility_space', 'evaluator'].includes(name),
});

function parseXml(file: string, text: string): Node {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new AccordError('negotiation-xml-syntax', `${file} is not well-formed XML`, {
      problems: [
        {
          code: 'xml-syntax',
          message: `${valid.err.msg} Fix the XML so every element is closed.`,
          where: { file, line: valid.err.line, column: valid.err.col },
        },
      ],
    });
  }
  return parser.parse(text) as Node;
}

function list(node: unknown, key: string): Node[] {
  if (!node || typeof node !== 'object') return [];
  const v = (node as Node)[key];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Node => typeof x === 'object' && x !== null);
}

function attr(node: Node, key: string): string | undefined {
  const v = node[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function fail(file: string, problems: Problem[], what: string): never {
  throw new AccordError('negotiation-invalid-file', `${file}: ${what}`, { problems });
}

/** Find the root objective's issues wherever the file puts them. */
function findObjective(root: Node): { space: Node | undefined; objective: Node | undefined } {
  const template = root.negotiation_template as Node | undefined;
  const spaces = template ? list(template, 'utility_space') : list(root, 'utility_space');
  const space = spaces[0];
  return { space, objective: space ? list(space, 'objective')[0] : undefined };
}

function issueKind(node: Node): string {
  return (attr(node, 'etype') ?? attr(node, 'vtype') ?? attr(node, 'type') ?? 'discrete').toLowerCase();
}

/** Parse a Genius domain file (`negotiation_template`). Real issues are enumerated at `realLevels` points. */
export function parseGeniusDomain(file: string, text: string, realLevels = 11): Domain {
  const root = parseXml(file, text);
  const { objective } = findObjective(root);
  const problems: Problem[] = [];
  const issueNodes = objective ? list(objective, 'issue') : [];
  if (issueNodes.length === 0) {
    fail(
      file,
      [
        {
          code: 'genius-no-issues',
          message: 'the domain declares no <issue> elements under the root <objective>; add the issues',
          where: locate(file, text, objective ? '<objective' : '<utility_space'),
        },
      ],
      'no issues',
    );
  }
  const issues: Issue[] = [];
  for (const node of issueNodes) {
    const name = attr(node, 'name');
    const where = locate(file, text, name ? `name="${name}"` : '<issue');
    if (!name) {
      problems.push({ code: 'genius-issue-name', message: 'an <issue> has no name attribute', where });
      continue;
    }
    const kind = issueKind(node);
    if (kind === 'discrete') {
      const values = list(node, 'item').map((i) => attr(i, 'value') ?? '');
      if (values.length === 0)
        problems.push({
          code: 'genius-issue-empty',
          message: `issue "${name}" lists no <item> values`,
          where,
        });
      issues.push({ kind: 'discrete', name, values });
    } else if (kind === 'integer' || kind === 'real') {
      const lo = Number(attr(node, 'lowerbound') ?? attr(node, 'lowerBound'));
      const hi = Number(attr(node, 'upperbound') ?? attr(node, 'upperBound'));
      if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
        problems.push({
          code: 'genius-issue-bounds',
          message: `${kind} issue "${name}" needs numeric lowerbound ≤ upperbound attributes`,
          where,
        });
        continue;
      }
      issues.push(
        kind === 'integer'
          ? { kind: 'integer', name, min: Math.ceil(lo), max: Math.floor(hi) }
          : { kind: 'real', name, min: lo, max: hi, levels: realLevels },
      );
    } else {
      problems.push({
        code: 'genius-issue-type',
        message: `issue "${name}" has type "${kind}"; expected discrete, integer or real`,
        where,
      });
    }
  }
  if (problems.length > 0) fail(file, problems, 'invalid domain');
  const name = file.replace(/^.*[\\/]/, '').replace(/(_domain)?\.xml$/i, '');
  return { name, issues };
}

function numberAttr(node: Node | undefined, key: string): number | undefined {
  if (!node) return undefined;
  const s = attr(node, key);
  if (s === undefined) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * A numeric attribute read strictly: absent, or a finite number, or (when the text is there but is not a
 * finite number, such as "NaN", "Infinity" or "abc") the text itself, so the caller can say so instead of
 * calling the attribute missing.
 */
function strictNumberAttr(
  node: Node | undefined,
  key: string,
): { kind: 'absent' } | { kind: 'number'; value: number } | { kind: 'invalid'; text: string } {
  const s = node ? attr(node, key) : undefined;
  if (s === undefined) return { kind: 'absent' };
  const v = s.trim() === '' ? Number.NaN : Number(s);
  return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'invalid', text: s };
}

/** Location of the first start tag `<tag …>` whose attribute `key` equals `value`, or of the first `<tag`. */
function locateTag(file: string, text: string, tag: string, key?: string, value?: string): Location {
  const tags = new RegExp(`<${tag}\\b[^>]*>`, 'g');
  let first: number | undefined;
  for (let m = tags.exec(text); m; m = tags.exec(text)) {
    first ??= m.index;
    if (key === undefined) break;
    const a = new RegExp(`\\b${key}\\s*=\\s*"([^"]*)"`).exec(m[0]);
    if (a?.[1] === value) return { file, ...positionOf(text, m.index) };
  }
  return first === undefined ? { file } : { file, ...positionOf(text, first) };
}

/** The profile's root objective and its issues; a profile without them cannot be read at all. */
function profileObjective(
  file: string,
  text: string,
  root: Node,
): { space: Node | undefined; objective: Node; issueNodes: Node[] } {
  const { space, objective } = findObjective(root);
  if (!objective) {
    fail(
      file,
      [{ code: 'genius-no-objective', message: 'no <objective> under <utility_space>', where: { file } }],
      'invalid profile',
    );
  }
  const issueNodes = list(objective, 'issue');
  if (issueNodes.length === 0) {
    fail(
      file,
      [
        {
          code: 'genius-no-issues',
          message: 'the profile declares no <issue> elements; it must evaluate every issue of the domain',
          where: locate(file, text, '<objective'),
        },
      ],
      'no issues',
    );
  }
  return { space, objective, issueNodes };
}

/** The `<weight>`s by issue index; NaN marks a weight already reported as bad. */
function readWeights(
  file: string,
  text: string,
  space: Node | undefined,
  objective: Node,
  problems: Problem[],
): Map<string, number> {
  const weightsByIndex = new Map<string, number>();
  for (const w of [...list(objective, 'weight'), ...list(space, 'weight')]) {
    const idx = attr(w, 'index');
    if (idx === undefined) continue;
    const v = strictNumberAttr(w, 'value');
    const where = locateTag(file, text, 'weight', 'index', idx);
    if (v.kind === 'invalid') {
      problems.push({
        code: 'genius-weight-not-a-number',
        message: `<weight index="${idx}"> has value "${v.text}"; a weight must be a finite number ≥ 0`,
        where,
      });
      weightsByIndex.set(idx, Number.NaN);
    } else if (v.kind === 'number' && v.value < 0) {
      problems.push({
        code: 'genius-negative-weight',
        message: `<weight index="${idx}"> is ${v.value}; weights must be ≥ 0`,
        where,
      });
      weightsByIndex.set(idx, Number.NaN);
    } else if (v.kind === 'number') weightsByIndex.set(idx, v.value);
  }
  return weightsByIndex;
}

/** Where in the file, for the problems of one issue. */
interface IssueSite {
  file: string;
  text: string;
  name: string;
  where: Location;
}

/** A discrete issue's table of evaluations, item by item; bad items are reported and left out. */
function discreteEvaluator(
  site: IssueSite,
  node: Node,
  issue: Extract<Issue, { kind: 'discrete' }>,
  problems: Problem[],
): Evaluator {
  const { file, text, name, where } = site;
  const table: Record<string, number> = {};
  for (const item of list(node, 'item')) {
    const value = attr(item, 'value') ?? '';
    const itemWhere = locate(file, text, `value="${value}"`, [`name="${name}"`]);
    if (!issue.values.includes(value)) {
      problems.push({
        code: 'genius-unknown-value',
        message: `issue "${name}" has no option "${value}" in the domain (options: ${issue.values.join(', ')})`,
        where: itemWhere,
      });
      continue;
    }
    const e = strictNumberAttr(item, 'evaluation');
    if (e.kind === 'absent') {
      problems.push({
        code: 'genius-missing-evaluation',
        message: `option "${value}" of issue "${name}" has no evaluation attribute; add evaluation="…" (a number ≥ 0)`,
        where: itemWhere,
      });
      continue;
    }
    if (e.kind === 'invalid') {
      problems.push({
        code: 'genius-evaluation-not-a-number',
        message: `option "${value}" of issue "${name}" has evaluation "${e.text}"; it must be a finite number ≥ 0`,
        where: itemWhere,
      });
      continue;
    }
    if (e.value < 0) {
      problems.push({
        code: 'genius-negative-evaluation',
        message: `option "${value}" of issue "${name}" has evaluation ${e.value}; Genius requires evaluations ≥ 0`,
        where: itemWhere,
      });
      continue;
    }
    table[value] = e.value;
  }
  for (const v of issue.values) {
    if (!list(node, 'item').some((i) => attr(i, 'value') === v)) {
      problems.push({
        code: 'genius-missing-evaluation',
        message: `option "${v}" of issue "${name}" is not evaluated; add an <item value="${v}" evaluation="…">`,
        where,
      });
    }
  }
  return { kind: 'table', values: table, scale: 'issue-max' };
}

/** A numeric issue's linear evaluator (slope/offset, or Genius's parameter1/parameter0); none if bad. */
function numericEvaluator(
  site: IssueSite,
  node: Node,
  issue: Exclude<Issue, { kind: 'discrete' }>,
  problems: Problem[],
): Evaluator | undefined {
  const { file, text, name, where } = site;
  const ev = list(node, 'evaluator')[0];
  const read = (a: string, b: string) => {
    const x = strictNumberAttr(ev, a);
    return x.kind === 'absent' ? { key: b, ...strictNumberAttr(ev, b) } : { key: a, ...x };
  };
  const slopeAttr = read('slope', 'parameter1');
  const offsetAttr = read('offset', 'parameter0');
  const invalid = [slopeAttr, offsetAttr].filter((x) => x.kind === 'invalid');
  if (invalid.length > 0) {
    problems.push({
      code: 'genius-evaluator-not-a-number',
      message: `the evaluator of ${issue.kind} issue "${name}" has ${invalid.map((x) => `${x.key}="${(x as { text: string }).text}"`).join(' and ')}; they must be finite numbers`,
      where: locate(file, text, '<evaluator', [`name="${name}"`]),
    });
    return undefined;
  }
  const slope = slopeAttr.kind === 'number' ? slopeAttr.value : undefined;
  const offset = offsetAttr.kind === 'number' ? offsetAttr.value : 0;
  if (slope === undefined) {
    problems.push({
      code: 'genius-missing-evaluator',
      message: `${issue.kind} issue "${name}" needs <evaluator ftype="linear" slope="…" offset="…">`,
      where,
    });
    return undefined;
  }
  return { kind: 'linear', slope, offset, from: issue.kind === 'integer' ? issue.min : 0 };
}

/** Each `<issue>` of the profile: its weight and evaluator, and every domain issue it leaves out. */
function readIssues(
  file: string,
  text: string,
  issueNodes: readonly Node[],
  weightsByIndex: ReadonlyMap<string, number>,
  domain: Domain,
  problems: Problem[],
): Pick<Profile, 'weights' | 'evaluators'> {
  const weights: Record<string, number> = {};
  const evaluators: Record<string, Evaluator> = {};
  const seen = new Set<string>();
  for (const node of issueNodes) {
    const name = attr(node, 'name') ?? '';
    const where = locate(file, text, `name="${name}"`);
    const issue = domain.issues.find((i) => i.name === name);
    if (!issue) {
      problems.push({
        code: 'genius-unknown-issue',
        message: `issue "${name}" is not in the domain (${domain.issues.map((i) => i.name).join(', ')})`,
        where,
      });
      continue;
    }
    seen.add(name);
    const weight = weightsByIndex.get(attr(node, 'index') ?? '');
    if (weight === undefined) {
      problems.push({
        code: 'genius-missing-weight',
        message: `no <weight index="${attr(node, 'index')}"> for issue "${name}"`,
        where,
      });
    } else if (!Number.isNaN(weight)) weights[name] = weight; // NaN: already reported at the weight
    const site = { file, text, name, where };
    const evaluator =
      issue.kind === 'discrete'
        ? discreteEvaluator(site, node, issue, problems)
        : numericEvaluator(site, node, issue, problems);
    if (evaluator) evaluators[name] = evaluator;
  }
  for (const issue of domain.issues) {
    if (!seen.has(issue.name)) {
      problems.push({
        code: 'genius-missing-issue',
        message: `the profile does not evaluate domain issue "${issue.name}"; add it with its items and a weight`,
        where: locate(file, text, '<objective'),
      });
    }
  }
  return { weights, evaluators };
}

/** The `<reservation>` and `<discount_factor>` elements, wherever the file puts them; bad values reported. */
function readReservationAndDiscount(
  file: string,
  text: string,
  space: Node | undefined,
  objective: Node,
  problems: Problem[],
): { reservationNode: Node | undefined; discountNode: Node | undefined } {
  const reservationNode = [...list(space, 'reservation'), ...list(objective, 'reservation')][0];
  const discountNode = [...list(space, 'discount_factor'), ...list(objective, 'discount_factor')][0];
  for (const [tag, node] of [
    ['reservation', reservationNode],
    ['discount_factor', discountNode],
  ] as const) {
    const v = strictNumberAttr(node, 'value');
    if (v.kind === 'invalid') {
      problems.push({
        code: `genius-${tag.replace('_', '-')}-not-a-number`,
        message: `<${tag}> has value "${v.text}"; it must be a finite number`,
        where: locateTag(file, text, tag),
      });
    }
  }
  return { reservationNode, discountNode };
}

/**
 * Parse a Genius profile (`utility_space`) against its domain. Errors: issues missing from the profile or
 * not in the domain, unknown item values, missing evaluations or weights, and evaluations, weights,
 * evaluator parameters, reservation values or discount factors that are not finite numbers, negative
 * evaluations and negative weights. Weights are not required to sum to one (Genius does not require it;
 * Laptop's sum to 1.00005); a sum further than {@link GENIUS_WEIGHT_SUM_TOLERANCE} from one is pushed onto
 * `warnings`, when given.
 */
export function parseGeniusProfile(
  file: string,
  text: string,
  domain: Domain,
  warnings: Problem[] = [],
): Profile {
  const root = parseXml(file, text);
  const { space, objective, issueNodes } = profileObjective(file, text, root);
  const problems: Problem[] = [];
  const weightsByIndex = readWeights(file, text, space, objective, problems);
  const { weights, evaluators } = readIssues(file, text, issueNodes, weightsByIndex, domain, problems);
  const { reservationNode, discountNode } = readReservationAndDiscount(
    file,
    text,
    space,
    objective,
    problems,
  );
  if (problems.length > 0) fail(file, problems, 'invalid profile');
  const sum = domain.issues.reduce((s, i) => s + (weights[i.name] ?? 0), 0);
  if (Math.abs(sum - 1) > GENIUS_WEIGHT_SUM_TOLERANCE) {
    warnings.push({
      code: 'genius-weights-sum',
      severity: 'warning',
      message: `the weights sum to ${sum}, not 1 (tolerance ${GENIUS_WEIGHT_SUM_TOLERANCE}); Genius accepts this, but under the genius convention the best outcome is then worth ${sum}. Scale the weights to sum to 1 unless that is intended`,
      where: locateTag(file, text, 'weight'),
      params: { sum },
    });
  }
  const reservationValue = numberAttr(reservationNode, 'value');
  const discount = numberAttr(discountNode, 'value');
  const profile: Profile = {
    name: file.replace(/^.*[\\/]/, '').replace(/\.xml$/i, ''),
    weights,
    evaluators,
    reservationValue: reservationValue ?? 0,
  };
  // Genius treats a discount factor of 0 or ≥ 1 as "no discounting".
  if (discount !== undefined && discount > 0 && discount < 1) profile.discount = discount;
  return profile;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function issueXml(issue: Issue, i: number, body: string, extra = ''): string {
  const type = issue.kind;
  const bounds = issue.kind === 'discrete' ? '' : ` lowerbound="${issue.min}" upperbound="${issue.max}"`;
  return `    <issue index="${i + 1}" name="${esc(issue.name)}" etype="${type}" type="${type}" vtype="${type}"${bounds}${extra}>\n${body}    </issue>\n`;
}

/** Write a domain as a Genius `negotiation_template`. */
export function domainToGeniusXml(domain: Domain): string {
  const issues = domain.issues
    .map((issue, i) => {
      const body =
        issue.kind === 'discrete'
          ? issue.values.map((v, k) => `      <item index="${k + 1}" value="${esc(v)}"></item>\n`).join('')
          : '';
      return issueXml(issue, i, body);
    })
    .join('');
  return `<?xml version="1.0"?>\n<negotiation_template number_of_sessions="1">\n<utility_space number_of_issues="${domain.issues.length}">\n  <objective index="0" name="root" type="objective" etype="objective">\n${issues}  </objective>\n</utility_space>\n</negotiation_template>\n`;
}

/**
 * Write a profile as a Genius `utility_space` (evaluations as stored; interpolating evaluators become linear
 * ones). Genius divides every discrete evaluation by its issue's maximum when it reads the file, so a table
 * of GeniusWeb utilities (`as-given`) whose best option is worth less than 1 reads back larger under the
 * genius convention; the raw convention reads it back unchanged.
 */
export function profileToGeniusXml(domain: Domain, profile: Profile): string {
  const issues = domain.issues
    .map((issue, i) => {
      const ev = profile.evaluators[issue.name];
      if (issue.kind === 'discrete') {
        const body = issue.values
          .map((v, k) => {
            const e = ev && ev.kind === 'table' ? (ev.values[v] ?? 0) : 0;
            return `      <item index="${k + 1}" value="${esc(v)}" evaluation="${e}"></item>\n`;
          })
          .join('');
        return issueXml(issue, i, body);
      }
      let slope = 0;
      let offset = 0;
      if (ev?.kind === 'linear') {
        slope = ev.slope;
        offset = ev.offset + ev.slope * ((issue.kind === 'integer' ? issue.min : 0) - ev.from);
      } else if (ev?.kind === 'interpolate') {
        const span = ev.highValue - ev.lowValue;
        slope = span === 0 ? 0 : (ev.highUtility - ev.lowUtility) / span;
        const from = issue.kind === 'integer' ? issue.min : 0;
        offset = ev.lowUtility + slope * (from - ev.lowValue);
      }
      return issueXml(
        issue,
        i,
        `      <evaluator ftype="linear" slope="${slope}" offset="${offset}"></evaluator>\n`,
      );
    })
    .join('');
  const weights = domain.issues
    .map((issue, i) => `    <weight index="${i + 1}" value="${profile.weights[issue.name] ?? 0}"></weight>\n`)
    .join('');
  const extras =
    `<reservation value="${profile.reservationValue ?? 0}"/>\n` +
    (profile.discount !== undefined ? `<discount_factor value="${profile.discount}"/>\n` : '');
  return `<?xml version="1.0"?>\n<utility_space>\n${extras}  <objective index="0" name="root" type="objective" etype="objective">\n${issues}${weights}  </objective>\n</utility_space>\n`;
}
