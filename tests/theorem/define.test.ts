import { describe, expect, it } from 'vitest';
import wrong from '../fixtures/wrong-theorem.ts';
import { defineTheorem } from '../../src/theorem/define.ts';
import { getProperty } from '../../src/theorem/registry.ts';
import { getTheorem, listTheorems } from '../../src/suite.ts';
import { resolveProfile } from '../../src/theorem/profile.ts';
import { InputError } from '../../src/core/errors.ts';
import type { TheoremSpec } from '../../src/theorem/types.ts';

function mutate(f: (t: any) => void): TheoremSpec {
  const t = { ...wrong, citation: { ...wrong.citation }, properties: wrong.properties.map((p) => ({ ...p, numRuns: { ...p.numRuns! } })) };
  f(t);
  return t;
}

describe('theorem specs', () => {
  it.each([
    ['theorem.id', (t: any) => (t.id = 'Bad Id!'), /theorem\.id: .*"Bad Id!"/],
    ['citation.year', (t: any) => (t.citation.year = 'soon'), /citation\.year: .*"soon"/],
    ['properties', (t: any) => (t.properties = []), /properties: expected a non-empty array/],
    ['threshold', (t: any) => (t.properties[0].threshold = NaN), /properties\[0\]\.threshold: .*NaN/],
    ['numRuns', (t: any) => (t.properties[1].numRuns.quick = 0), /properties\[1\]\.numRuns\.quick: .*got 0/],
    ['direction', (t: any) => (t.properties[0].direction = 'below'), /properties\[0\]\.direction: .*"below"/],
    ['duplicate id', (t: any) => (t.properties[1].id = t.properties[0].id), /properties\[1\]\.id: expected an id unique/],
    ['tolerance why', (t: any) => (t.tolerances = { x: { value: 1, why: '' } }), /tolerances\.x\.why/],
  ])('a malformed %s is rejected with the field and value', (_name, f, re) => {
    expect(() => defineTheorem(mutate(f))).toThrow(InputError);
    expect(() => defineTheorem(mutate(f))).toThrow(re);
  });

  it('accepts the well-formed fixture', () => {
    expect(defineTheorem(wrong)).toBe(wrong);
  });

  it('an unknown theorem id is an error naming it and listing the known ids', () => {
    expect(() => getTheorem('no.such.theorem')).toThrow(/theorem: expected a registered theorem id \(one of: .*got "no\.such\.theorem"/);
    const known = listTheorems()[0];
    expect(() => getProperty(known, 'nope')).toThrow(/property: .*"nope"/);
  });

  it('every registered theorem passes validation', () => {
    for (const t of listTheorems()) expect(defineTheorem(t)).toBe(t);
  });

  it('profiles: quick by default, unknown names rejected', () => {
    expect(resolveProfile(undefined)).toBe('quick');
    expect(resolveProfile('full')).toBe('full');
    expect(() => resolveProfile('huge')).toThrow(/profile: .*"huge"/);
  });
});
