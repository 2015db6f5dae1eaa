// react-pdf builds its English hyphenator from the Liang patterns when it is imported, which costs
// about 0.2 s of every cold start; declaration-press hyphenates only the rare word too long for its
// column (src/fonts.ts), so the CLI bundle builds it on first use instead (see scripts/bundle.mjs).
import patterns from 'hyphen/patterns/en-us.js';
import createHyphenator from '@react-pdf/hyphenate';

let hyphenator;
const get = () => (hyphenator ??= createHyphenator(patterns));

export const hyphenate = (word) => get().hyphenate(word);
export const syllables = (word) => get().syllables(word);
export { patterns };
