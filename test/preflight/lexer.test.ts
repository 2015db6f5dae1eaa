import { describe, expect, it } from 'vitest';
import { ContentLexer, type Operand, type Token } from '../../src/preflight/lexer.js';

/** Operands as plain values, to compare: names as `/Name`, strings as `(latin1)`, dicts as objects. */
type Plain = number | boolean | null | string | Plain[] | { [key: string]: Plain };

function plain(value: Operand): Plain {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  if (value.kind === 'name') return `/${value.value}`;
  if (value.kind === 'string') return `(${String.fromCharCode(...value.bytes)})`;
  return Object.fromEntries([...value.entries].map(([key, item]) => [key, plain(item)]));
}

/** Every token of a stream: operands as plain values, operators as `op Tj` (an inline image as `op BI {…}`). */
function lex(source: string | Uint8Array): Plain[] {
  const lexer = new ContentLexer(typeof source === 'string' ? Buffer.from(source, 'latin1') : source);
  const out: Plain[] = [];
  for (let token: Token | undefined; (token = lexer.next()) !== undefined;) {
    if (token.kind === 'operand') out.push(plain(token.value));
    else if (token.inline) out.push(`op ${token.value}`, Object.fromEntries([...token.inline].map(([k, v]) => [k, plain(v)])));
    else out.push(`op ${token.value}`);
  }
  return out;
}

describe('ContentLexer: numbers, operators, comments', () => {
  it('reads integers and reals in every form PDF allows', () => {
    expect(lex('1 -2 +3 4.5 -.5 .25 6. 0 -0.0 cm')).toEqual([1, -2, 3, 4.5, -0.5, 0.25, 6, 0, -0, 'op cm']);
  });

  it('reads operators, keywords and the quote operators, with or without spaces around delimiters', () => {
    expect(lex('q 1 0 0 1 0 0 cm/F1 12 Tf(a)Tj[(b)]TJ(c)\' 1 2(d)" true false null Q')).toEqual([
      'op q', 1, 0, 0, 1, 0, 0, 'op cm', '/F1', 12, 'op Tf', '(a)', 'op Tj', ['(b)'], 'op TJ',
      '(c)', "op '", 1, 2, '(d)', 'op "', true, false, null, 'op Q',
    ]);
  });

  it('skips comments to the end of the line, CR or LF', () => {
    expect(lex('q % a comment (with a paren\n1 %another\rQ%last')).toEqual(['op q', 1, 'op Q']);
  });

  it('skips a stray closer and keeps going', () => {
    expect(lex('1 ] 2 >> 3 ) 4 } Q')).toEqual([1, 2, 3, 4, 'op Q']);
  });
});

describe('ContentLexer: names', () => {
  it('decodes #xx escapes and ends a name at a delimiter', () => {
    expect(lex('/A#20B /Caf#C3#A9 /x#2Fy/Next[/In]')).toEqual(['/A B', '/Caf\u00c3\u00a9', '/x/y', '/Next', ['/In']]);
  });

  it('reads a lone slash as the empty name', () => {
    expect(lex('/ 1')).toEqual(['/', 1]);
  });
});

describe('ContentLexer: literal strings', () => {
  it('keeps balanced parentheses inside a string', () => {
    expect(lex('(a (nested (deeper)) b) Tj')).toEqual(['(a (nested (deeper)) b)', 'op Tj']);
  });

  it('reads the escapes \\n \\r \\t \\b \\f \\( \\) \\\\ and drops the backslash before any other byte', () => {
    expect(lex('(\\n\\r\\t\\b\\f\\(\\)\\\\\\q)')).toEqual(['(\n\r\t\b\f()\\q)']);
  });

  it('reads octal escapes of one to three digits, keeping the low byte', () => {
    // \101 A, \60 0, \061 1 then a plain 8, \7 BEL, \401 is 257: byte 1, then a plain 5.
    expect(lex('(\\101\\60\\0618\\7\\4015)')).toEqual(['(A018\x07\x015)']);
  });

  it('joins lines split by a backslash at the end of a line (LF, CR, CRLF)', () => {
    expect(lex('(one\\\ntwo\\\rthree\\\r\nfour)')).toEqual(['(onetwothreefour)']);
  });

  it('reads an end of line inside a string as one LF, whichever it was', () => {
    expect(lex('(a\r\nb\rc\nd)')).toEqual(['(a\nb\nc\nd)']);
  });
});

describe('ContentLexer: hex strings', () => {
  it('reads pairs of hex digits in either case, ignoring white space', () => {
    expect(lex('<48 65\n6C6c 6F> Tj')).toEqual(['(Hello)', 'op Tj']);
  });

  it('pads an odd last digit with 0', () => {
    expect(lex('<414>')).toEqual(['(A@)']);
  });

  it('reads an empty hex string', () => {
    expect(lex('<> Tj')).toEqual(['()', 'op Tj']);
  });
});

describe('ContentLexer: arrays and dictionaries', () => {
  it('reads nested arrays of mixed operands', () => {
    expect(lex('[(a) -120 (b) [1 [2]] /N <41>] TJ')).toEqual([['(a)', -120, '(b)', [1, [2]], '/N', '(A)'], 'op TJ']);
  });

  it('reads a dictionary operand with nested values (marked content)', () => {
    expect(lex('/Span <</ActualText (x) /MCID 3 /Nested <</A [1 2]>>>> BDC EMC')).toEqual([
      '/Span', { ActualText: '(x)', MCID: 3, Nested: { A: [1, 2] } }, 'op BDC', 'op EMC',
    ]);
  });
});

describe('ContentLexer: inline images', () => {
  it('returns the image dictionary with BI and skips the binary data to EI', () => {
    const data = Buffer.from([0x00, 0xff, 0x28, 0x5b, 0x45, 0x49, 0x29, 0x3c, 0x25, 0x0a]); // ( [ EI ) < % inside
    const stream = Buffer.concat([Buffer.from('q BI /W 2 /H 5 /CS /G /BPC 8 /F [/AHx] ID ', 'latin1'), data, Buffer.from('\nEI Q 1 0 0 1 0 0 cm', 'latin1')]);
    expect(lex(stream)).toEqual(['op q', 'op BI', { W: 2, H: 5, CS: '/G', BPC: 8, F: ['/AHx'] }, 'op Q', 1, 0, 0, 1, 0, 0, 'op cm']);
  });

  it('ends the data at EI followed by a delimiter or the end of the stream', () => {
    expect(lex('BI /W 1 /H 1 ID x EI[1]TJ')).toEqual(['op BI', { W: 1, H: 1 }, [1], 'op TJ']);
    expect(lex('BI /W 1 /H 1 ID xyz EI')).toEqual(['op BI', { W: 1, H: 1 }]);
  });

  it('reads the image with no data before EI', () => {
    expect(lex('BI /W 0 /H 0 ID EI Q')).toEqual(['op BI', { W: 0, H: 0 }, 'op Q']);
  });
});

describe('ContentLexer: malformed input ends, never hangs or throws', () => {
  const cases: [string, string | Uint8Array, Plain[] | undefined][] = [
    ['an unterminated string', '(abc (def', ['(abc (def)']],
    ['a string ending in a backslash', '(abc\\', ['(abc)']],
    ['an unterminated hex string', '<41 4', ['(A@)']],
    ['an unterminated array', '[1 (a) [2', [[1, '(a)', [2]]]],
    ['an unterminated dictionary', '<< /A 1 /B', [{ A: 1 }]],
    ['an inline image without ID', 'BI /W 1 /H 1', ['op BI', { W: 1, H: 1 }]],
    ['an inline image without EI', 'BI /W 1 ID 0123456789', ['op BI', { W: 1 }]],
    ['a dictionary key that is not a name', '<< 1 /A 2 >> x', [{ A: 2 }, 'op x']],
    ['binary noise', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) & 0xff)), undefined],
  ];
  for (const [what, source, expected] of cases) {
    it(`reads ${what} to the end`, () => {
      const tokens = lex(source);
      if (expected) expect(tokens).toEqual(expected);
    });
  }

  it('survives 200,000 stray closers and 200,000 nested openers without overflowing the stack', () => {
    expect(lex(')'.repeat(200_000) + ' Q')).toEqual(['op Q']);
    expect(lex(']'.repeat(200_000) + ' Q')).toEqual(['op Q']);
    const deep = lex('['.repeat(200_000) + ' Q');
    expect(deep).toHaveLength(1);
    const dicts = lex('<<'.repeat(200_000) + ' Q');
    expect(dicts).toHaveLength(1);
  });
});
