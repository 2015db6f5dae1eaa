import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../src/input/data.js';
import { loadSignatories } from '../../src/input/load-signatories.js';
import { goodRows, rowErrors } from '../helpers/rows.js';

/** The source press release, as the project received it (a copy, so the comparison runs in every clone). */
const seed = () => readFile(new URL('../fixtures/washington-declaration.txt', import.meta.url), 'utf8');

describe('data/declaration.json', () => {
  it('holds seven directives, three mottos, and the repaired Korean directive 1 with its repair recorded', async () => {
    const { declaration } = await loadTexts();
    expect(declaration.directives).toHaveLength(7);
    expect(declaration.mottos.ko).toEqual(['존엄은 중요하다.', '희망은 중요하다.', '자유는 중요하다.']);
    expect(declaration.directives[0]!.ko.endsWith('북한 인권운동을 일상에서 전개할 것이다.')).toBe(true);
    for (const directive of declaration.directives) expect(directive.ko).toMatch(/것이다\.$/);
    expect(declaration.repairs.some((repair) => repair.where === 'directives[0].ko')).toBe(true);
    expect(declaration.adopted).toEqual({ date: '2024-07-22', place: { en: 'Washington', ko: '워싱턴' } });
  });

  it('is the seed word for word, the Korean hard wraps re-joined', async () => {
    const text = await seed();
    const { declaration } = await loadTexts();
    const lines = text.split('\n');
    const start = lines.indexOf('Washington Declaration for the Dignity, Hope, and Freedom of North Koreans');
    const english = lines.slice(start, lines.indexOf('[The signees]'));
    const flat = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(flat) : value && typeof value === 'object' ? Object.values(value).flatMap(flat) : []);
    const en = flat([declaration.title.en, declaration.dateLine.en, declaration.mottos.en.join(' '), declaration.preamble.en, declaration.callToAction.en, declaration.directives.map((d, i) => `${i + 1}. ${d.en}`), declaration.closing.en, declaration.slogan.en]);
    expect(en).toEqual(english);
    // Korean: the seed's lines, joined with spaces, are the data's paragraphs (directive 1 repaired).
    const korean = lines.slice(lines.indexOf('[The signees]') + 1).filter((line) => line.trim()).join(' ');
    const ko = [declaration.title.ko, declaration.dateLine.ko, declaration.mottos.ko.join(' '), ...declaration.preamble.ko, ...declaration.directives.map((d, i) => `${i + 1}. ${d.ko}`), declaration.closing.ko, declaration.slogan.ko].join(' ');
    expect(ko.replace('전개할 것이다.', '전개할')).toBe(korean);
  });
});

describe('data/signatories.sample.csv', () => {
  it('holds the conventional placeholder names, marked as samples', async () => {
    const list = await loadSignatories('data/signatories.sample.csv');
    expect(rowErrors(list)).toEqual([]);
    expect(goodRows(list).map((row) => row.nameKo)).toEqual(['홍길동', '김철수', '이영희']);
    for (const row of goodRows(list)) expect(row.roleEn).toMatch(/sample/i);
  });
});
