/**
 * @module yaml-numbers
 * The numbers a person writes, and no others. YAML 1.2's core schema also reads `0x10` as 16, `0o17` as 15
 * and `.inf`/`.nan` as numbers, so a value that looks like text to its author would reach a money or count
 * field as a number nobody wrote. Without those tags such scalars stay strings, and the field's own parser
 * refuses them with a message that names the field. Decimal integers, decimals and exponents (`1e3`) stay.
 */
import type { Tags } from 'yaml';

/**
 * `customTags` for `parseDocument`: the core schema without hexadecimal and octal integers and without the
 * `.inf` / `.nan` floats.
 *
 * @example
 * parseDocument('value: 0x10', { customTags: plainNumberTags }).toJS() // { value: '0x10' }
 */
export function plainNumberTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    if (typeof tag !== 'object' || tag === null || !('tag' in tag)) return true;
    const { tag: name, format, test } = tag as { tag?: string; format?: string; test?: RegExp };
    if (name === 'tag:yaml.org,2002:int') return format !== 'HEX' && format !== 'OCT';
    if (name === 'tag:yaml.org,2002:float') return !(test instanceof RegExp && /inf|nan/i.test(test.source));
    return true;
  });
}
