import { describe, expect, it } from 'vitest';
import { parseLength } from '../../src/core/units.js';

describe('parseLength', () => {
  it('reads millimetres, inches, points and a bare number as points', () => {
    expect(parseLength('3mm', '--bleed')).toBeCloseTo(8.504, 3);
    expect(parseLength('0.125in', '--bleed')).toBe(9);
    expect(parseLength('9pt', '--bleed')).toBe(9);
    expect(parseLength('0', '--bleed')).toBe(0);
    expect(() => parseLength('-3mm', '--bleed')).toThrow(/not a length/);
  });
});
