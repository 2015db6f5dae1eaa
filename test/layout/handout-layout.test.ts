import { beforeAll, describe, expect, it } from 'vitest';
import { PAPER } from '../../src/core/paper.js';
import { mm } from '../../src/core/units.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { prepareTypeset, type Typeset } from '../../src/fonts/typeset.js';
import { loadHandoutWords, loadTexts } from '../../src/input/data.js';
import type { HandoutWords, Texts } from '../../src/input/schema.js';
import { composeHandout, HANDOUT_BODY_FLOOR, QR_MODULE_MIN_MM, type HandoutInput } from '../../src/layout/handout-layout.js';

let typeset: Typeset;
let texts: Texts;
let words: HandoutWords;
beforeAll(async () => {
  registerBundledFonts();
  [typeset, texts, words] = await Promise.all([prepareTypeset(['serif', 'myeongjo']), loadTexts(), loadHandoutWords()]);
});

const compose = (page: HandoutInput['page'], pages: 1 | 2, more: Partial<HandoutInput> = {}) =>
  composeHandout({ page, pages, declaration: texts.declaration, words, qrModules: 41, typeset, ...more });

describe('composeHandout', () => {
  it('sets the body at its floor or above, fitting the page, with a QR module of 0.8 mm or more', () => {
    for (const [page, pages] of [[PAPER.a4, 1], [PAPER.letter, 1], [PAPER.a5, 2], [PAPER['half-letter'], 2]] as const) {
      const c = compose(page, pages);
      expect(c.base, page.label).toBeGreaterThanOrEqual(pages === 1 ? HANDOUT_BODY_FLOOR.onePage : HANDOUT_BODY_FLOOR.twoPages);
      expect(c.spare, page.label).toBeGreaterThanOrEqual(0);
      expect(c.panel.qrSide / 49, page.label).toBeGreaterThanOrEqual(mm(QR_MODULE_MIN_MM) - 1e-9);
      expect(c.styles.ko.body.fontSize / c.styles.en.body.fontSize).toBeCloseTo(0.94, 5);
      for (const style of [c.styles.en.small, c.styles.ko.small, c.panel.note.en, c.panel.note.ko]) expect(style.fontSize).toBeGreaterThanOrEqual(6);
    }
  });

  it('gives up air before size: A4 keeps the widest margins, Letter (18 mm shorter) narrower ones', () => {
    const a4 = compose(PAPER.a4, 1);
    const letter = compose(PAPER.letter, 1);
    expect(a4.margin.side).toBeCloseTo(mm(10), 5);
    expect(letter.margin.side).toBeLessThan(a4.margin.side);
    expect(letter.margin.side).toBeGreaterThanOrEqual(mm(7) - 1e-9);
  });

  it('fills the page: a larger body would not fit at the setting chosen', () => {
    const a4 = compose(PAPER.a4, 1);
    // The fitted size is the largest to a hundredth; a twentieth of a point more runs over.
    expect(compose(PAPER.a4, 1, { base: a4.base + 0.05 }).spare).toBeLessThan(0);
  });

  it('keeps a reserve when told to (the product\'s next try after a render ran over): air goes before size', () => {
    const letter = compose(PAPER.letter, 1, { reserve: 12 });
    expect(letter.spare).toBeGreaterThanOrEqual(0);
    expect(letter.base).toBeGreaterThanOrEqual(HANDOUT_BODY_FLOOR.onePage);
    const a4 = compose(PAPER.a4, 1, { reserve: 12 });
    expect(a4.spare).toBeGreaterThanOrEqual(0);
    // A4 takes the line from its air (a tighter setting), keeping the body at the floor.
    expect(a4.base).toBeGreaterThanOrEqual(HANDOUT_BODY_FLOOR.onePage);
    expect(a4.margin.side).toBeLessThan(mm(10));
  });
});
