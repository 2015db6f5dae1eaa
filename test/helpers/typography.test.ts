import { describe, expect, it } from 'vitest';
import { overlappingRuns, type GlyphRun } from './typography.js';

const run = (str: string, x: number, y: number, width: number, angle = 0, size = 10): GlyphRun => ({ page: 1, str, x, y, width, size, font: 'SourceSerif4-Bold', angle });

describe('overlappingRuns', () => {
  it('finds level text over level text, and not runs that merely touch on one baseline', () => {
    expect(overlappingRuns([run('Campaign', 0, 0, 50), run('SEAL', 40, 2, 20)])).toHaveLength(1);
    expect(overlappingRuns([run('Wash', 0, 0, 30), run('ington', 30.2, 0, 40)])).toEqual([]);
  });

  it('boxes a turned run along its own baseline: letters round a seal are neighbours, not overlaps', () => {
    // Letters of 6.6 pt set round a circle of radius 30 about (0, 0), 5 pt apart along it.
    const ring = Array.from({ length: 8 }, (_, i) => {
      const angle = 150 - i * (5 / 30) * (180 / Math.PI);
      const rad = (angle * Math.PI) / 180;
      // Each letter's origin: on the circle, half its width back along its baseline (tangent, turned -90°).
      const tangent = rad - Math.PI / 2;
      return run('W', 30 * Math.cos(rad) - 2.2 * Math.cos(tangent), 30 * Math.sin(rad) - 2.2 * Math.sin(tangent), 4.4, angle - 90, 6.6);
    });
    expect(overlappingRuns(ring)).toEqual([]);
    // A turned letter printed over a level word is still an overlap.
    expect(overlappingRuns([run('Campaign', -40, 10, 60), ring[0]!])).toHaveLength(1);
  });
});
