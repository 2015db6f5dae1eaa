import { beforeAll, describe, expect, it } from 'vitest';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { prepareTypeset, type Typeset } from '../../src/fonts/typeset.js';
import { balanceLines, bindRunt, NBSP } from '../../src/layout/line-breaking.js';

let typeset: Typeset;
beforeAll(async () => {
  registerBundledFonts();
  typeset = await prepareTypeset(['serif', 'myeongjo']);
});

describe('bindRunt', () => {
  it('binds a short last word to the one before it, in English and in Korean', () => {
    expect(bindRunt('We will advance North Korean human rights.')).toBe(`We will advance North Korean human${NBSP}rights.`);
    expect(bindRunt('일상에서 전개할 것이다.')).toBe(`일상에서 전개할${NBSP}것이다.`);
  });

  it('leaves a long last word, a one-word text and a pair that would not fit alone', () => {
    expect(bindRunt('for the defector community.')).toBe(`for the defector${NBSP}community.`);
    expect(bindRunt('the Wolfeschlegelsteinhausenbergerdorff')).toBe('the Wolfeschlegelsteinhausenbergerdorff');
    expect(bindRunt('Freedom')).toBe('Freedom');
    expect(bindRunt('two words', () => false)).toBe('two words');
  });
});

describe('balanceLines', () => {
  const title = 'Washington Declaration for the Dignity, Hope, and Freedom of North Koreans';
  const setting = { stack: 'serif', size: 16, bold: true } as const;

  it('keeps a text that fits on one line', () => {
    expect(balanceLines(typeset, 'Dignity matters.', setting, 400)).toEqual(['Dignity matters.']);
  });

  it('breaks a title into lines of similar length, never leaving two words alone', () => {
    const width = typeset.measure(title, 'serif', 16, true) * 0.7;
    const lines = balanceLines(typeset, title, setting, width);
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toBe(title);
    const [a, b] = lines.map((line) => typeset.measure(line, 'serif', 16, true));
    expect(Math.abs(a! - b!)).toBeLessThan(width * 0.25);
    for (const line of lines) expect(typeset.measure(line, 'serif', 16, true)).toBeLessThanOrEqual(width);
  });

  it('never breaks inside a date, in English or in Korean', () => {
    const sans = { stack: 'serif', size: 12 } as const;
    const en = 'Adopted in Washington on July 22, 2024 by young North Korean defectors';
    const ko = '워싱턴에서 2024년 7월 22일 젊은 탈북민들이 채택';
    for (const [text, date, stack] of [[en, 'July 22, 2024', 'serif'], [ko, '2024년 7월 22일', 'myeongjo']] as const) {
      const setting = { ...sans, stack };
      const full = typeset.measure(text, stack, 12);
      // Every width from a third of the line to all of it: the date is whole on one line in each.
      for (let width = Math.max(full / 3, typeset.measure(date, stack, 12) + 1); width < full; width += 3) {
        const lines = balanceLines(typeset, text, setting, width);
        expect(lines.join(' ')).toBe(text);
        expect(lines.some((line) => line.includes(date)), `${width}: ${lines.join(' | ')}`).toBe(true);
      }
    }
  });

  it('uses as many lines as a greedy fill would, balanced', () => {
    const width = typeset.measure(title, 'serif', 16, true) * 0.4;
    const lines = balanceLines(typeset, title, setting, width);
    expect(lines).toHaveLength(3);
    const widths = lines.map((line) => typeset.measure(line, 'serif', 16, true));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(width * 0.35);
  });
});
