import { describe, expect, it } from 'vitest';
import { PressError } from '../../src/core/errors.js';
import { defaultBleed, parseBleed, POSTER_SIZES } from '../../src/core/paper.js';

describe('poster sizes', () => {
  it('are the trims a print shop quotes, portrait, in pt', () => {
    const mm = (pt: number) => Math.round((pt / 72) * 25.4);
    const inch = (pt: number) => Math.round((pt / 72) * 1000) / 1000;
    expect([mm(POSTER_SIZES.a3.width), mm(POSTER_SIZES.a3.height)]).toEqual([297, 420]);
    expect([mm(POSTER_SIZES.a2.width), mm(POSTER_SIZES.a2.height)]).toEqual([420, 594]);
    expect([mm(POSTER_SIZES.a1.width), mm(POSTER_SIZES.a1.height)]).toEqual([594, 841]);
    expect([inch(POSTER_SIZES.tabloid.width), inch(POSTER_SIZES.tabloid.height)]).toEqual([11, 17]);
    expect([inch(POSTER_SIZES['18x24'].width), inch(POSTER_SIZES['18x24'].height)]).toEqual([18, 24]);
    expect([inch(POSTER_SIZES['24x36'].width), inch(POSTER_SIZES['24x36'].height)]).toEqual([24, 36]);
  });

  it('bleed 3 mm around ISO sizes, 1/8 in around US ones', () => {
    expect(defaultBleed('a2')).toBeCloseTo((3 / 25.4) * 72, 9);
    expect(defaultBleed('24x36')).toBe(9);
  });
});

describe('parseBleed', () => {
  it('reads mm, in, pt and 0', () => {
    expect(parseBleed('3mm')).toBeCloseTo(8.504, 3);
    expect(parseBleed('0.125in')).toBe(9);
    expect(parseBleed('9pt')).toBe(9);
    expect(parseBleed('0')).toBe(0);
    expect(parseBleed(' 5 mm ')).toBeCloseTo(14.173, 3);
  });

  it('reads centimetres as the one length parser does', () => {
    expect(parseBleed('0.3cm')).toBeCloseTo(8.504, 3);
  });

  it.each(['14mm', '3', '-1mm', 'mm', '1e1mm', '13mm', ''])('refuses "%s", saying what is allowed', (value) => {
    expect(() => parseBleed(value)).toThrow(PressError);
    expect(() => parseBleed(value)).toThrow(/^--bleed: ".*" is (not a length|too large); allowed: a length in mm, cm, in or pt from 0 to 12\.7mm \(0\.5in\)/);
  });
});
