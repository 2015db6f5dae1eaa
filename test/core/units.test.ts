import { describe, expect, it } from 'vitest';
import { parseLength } from '../../src/core/units.js';

describe('parseLength', () => {
  it('reads mm, cm, in and pt, in any case, with spaces', () => {
    expect(parseLength('3mm', '--x')).toBeCloseTo(8.504, 3);
    expect(parseLength('1CM', '--x')).toBeCloseTo(28.346, 3);
    expect(parseLength(' 0.125 in ', '--x')).toBe(9);
    expect(parseLength('.5pt', '--x')).toBe(0.5);
    expect(parseLength(0, '--x')).toBe(0);
  });

  it.each(['3', '-3mm', '1e2mm', '3 mm mm', 'three mm', '3px', ''])('refuses "%s", naming the option and what is allowed', (value) => {
    expect(() => parseLength(value, '--bleed')).toThrow(/^--bleed: ".*" is not a length; allowed: a length in mm, cm, in or pt, e\.g\. 3mm/);
  });

  it('refuses a length above the limit, saying the limit', () => {
    expect(() => parseLength('2in', '--bleed', { max: 72, maxText: '1in' })).toThrow(/is too large; allowed: a length in mm, cm, in or pt from 0 to 1in/);
    expect(parseLength('1in', '--bleed', { max: 72 })).toBe(72);
  });
});
