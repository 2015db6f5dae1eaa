import { describe, expect, it } from 'vitest';
import { certificateFileNames, MAX_STEM_BYTES, safeStem } from '../../src/core/output-name.js';

/** What every file system we target accepts, and what stays inside its folder. */
function expectSafe(name: string) {
  expect(name).toMatch(/\.pdf$/);
  expect(name, name).not.toMatch(/[/\\:*?"<>|\x00-\x1f\x7f]/);
  expect(name, name).not.toContain('..');
  expect(name.startsWith('.'), name).toBe(false);
  expect(name.split('.')[0]!.toUpperCase(), name).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/);
  expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_STEM_BYTES + 4);
}

describe('certificateFileNames', () => {
  it('prefers the romanised name, else the Hangul one', () => {
    expect(certificateFileNames([{ nameKo: '홍길동', nameEn: 'Hong Gil-dong' }, { nameKo: '김철수' }])).toEqual(['Hong-Gil-dong.pdf', '김철수.pdf']);
  });

  it('keeps path-like, reserved and odd names inside their folder', () => {
    const hostile = ['../../etc/passwd', 'a/b\\c', 'CON', 'con.txt', 'nul', 'LPT1', '.', '..', '...', '.hidden', 'x\u0000y', 'tab\there', 'a:b*c?d"e<f>g|h', '  ', '🙂', 'C:\\Windows\\system32', '/'];
    const names = certificateFileNames(hostile.map((nameEn) => ({ nameEn })));
    for (const name of names) expectSafe(name);
    expect(names[0]).toBe('etc-passwd.pdf');
    expect(names[2]).toBe('_CON.pdf');
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
  });

  it('makes duplicates and names that differ only in case unique, deterministically by row order', () => {
    const rows = [{ nameKo: '홍길동' }, { nameKo: '홍길동' }, { nameEn: 'Kim' }, { nameEn: 'KIM' }, { nameEn: 'kim-2' }, { nameKo: '홍길동' }];
    const names = certificateFileNames(rows);
    expect(names).toEqual(['홍길동.pdf', '홍길동-2.pdf', 'Kim.pdf', 'KIM-2.pdf', 'kim-2-2.pdf', '홍길동-3.pdf']);
    expect(certificateFileNames(rows)).toEqual(names);
  });

  it('names 20,000 rows sharing one name in linear time, each unique', () => {
    // Quadratic before: 20,000 rows took 222 s; linear, this takes well under a second.
    const names = certificateFileNames(Array.from({ length: 20_000 }, () => ({ nameKo: '김민준' })));
    expect(new Set(names).size).toBe(20_000);
    expect(names.slice(0, 3)).toEqual(['김민준.pdf', '김민준-2.pdf', '김민준-3.pdf']);
    expect(names.at(-1)).toBe('김민준-20000.pdf');
    // Rows with no usable name share the stem "signatory" and are numbered the same way.
    expect(certificateFileNames([{}, {}, { nameEn: '???' }])).toEqual(['signatory.pdf', 'signatory-2.pdf', 'signatory-3.pdf']);
  }, 10_000);

  it('limits length in bytes without splitting a character, and keeps diacritics', () => {
    const long = 'Ødegård '.repeat(60);
    const [name] = certificateFileNames([{ nameEn: long }]);
    expectSafe(name!);
    expect(name).toMatch(/^Ødegård-Ødegård/);
    expect(safeStem('김'.repeat(200))).toBe('김'.repeat(40));
    expect(safeStem('José')).toBe('José');
  });
});
