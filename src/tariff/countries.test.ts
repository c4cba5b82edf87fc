import { describe, expect, it } from 'vitest';
import { COUNTRY_NAMES, countryLabel, EU_MEMBERS, isCountryCode, notACountry } from './countries.js';

describe('countries of origin (ISO 3166-1 alpha-2)', () => {
  it('knows the 249 assigned codes and the 27 EU member states among them', () => {
    expect(Object.keys(COUNTRY_NAMES)).toHaveLength(249);
    for (const m of EU_MEMBERS) expect(isCountryCode(m), m).toBe(true);
    expect(countryLabel('GB')).toBe('GB (United Kingdom)');
    expect(notACountry('GB')).toBeUndefined();
  });

  it('says what was meant by a code that is not a country', () => {
    expect(notACountry('UK')).toBe(
      'UK is reserved by ISO for the United Kingdom, whose code is GB: did you mean GB (United Kingdom)?',
    );
    expect(notACountry('JA')).toMatch(/FIPS 10-4 code of Japan: did you mean JP \(Japan\)\?$/);
    expect(notACountry('EU')).toMatch(
      /^the European Union is not a country of origin: give the member state/,
    );
    expect(notACountry('XX')).toMatch(/user-assigned code, not a country/);
    expect(notACountry('YU')).toMatch(/did you mean one of RS \(Serbia\), ME \(Montenegro\)\?$/);
    expect(notACountry('OO')).toBe(
      'OO is not an assigned ISO 3166-1 alpha-2 code; assigned codes starting with O: OM',
    );
  });
});
