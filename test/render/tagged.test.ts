/**
 * Accessible PDFs: every product of the standard set is tagged (a structure tree with the right
 * roles, each language's passages read whole and in the source's order with their /Lang, figures
 * with alternative text, page furniture as artifacts, nothing drawn outside both), identified as
 * PDF/UA-1, with its outline; and tagging changes no pixel and no byte from one run to the next.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Canvas, Document, Image, Page, Svg, Rect, Text, View } from '@react-pdf/renderer';
import { createCanvas } from '@napi-rs/canvas';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createElement, type ReactElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCertificateWording, loadHandoutWords, loadPosterData, loadSocialWords, loadTexts } from '../../src/input/data.js';
import type { CertificateWording, Declaration, HandoutWords, Labels, PosterData, SocialWords } from '../../src/input/schema.js';
import { certificateTexts } from '../../src/layout/certificate-layout.js';
import { isTagged, loadPdf, readMarked, readXmp } from '../../src/render/finish.js';
import { withoutMarkedContent } from '../../src/render/marked-content.js';
import { render } from '../../src/render/pipeline.js';
import { buildCertificates, makeDeclaration, makeHandout, makeSocialCard } from '../../src/index.js';
import { initKeys, KEY_FILES } from '../../src/core/signing.js';
import { readRegister } from '../../src/products/certificates/register.js';
import { registerBundledFonts } from '../../src/fonts/bundled.js';
import { standardFile, standardSetDir } from '../helpers/standard-set.js';
import {
  allElements,
  compact,
  contentsOf,
  elementsOf,
  isElement,
  pdfjsStructure,
  readStructure,
  textOf,
  walkMarkedContent,
  type Element,
} from '../helpers/structure.js';

let declaration: Declaration;
let labels: Labels;
let poster: PosterData;
let handout: HandoutWords;
let certificate: CertificateWording;
let socialWords: SocialWords;

beforeAll(async () => {
  ({ declaration, labels } = await loadTexts());
  [poster, handout, certificate, socialWords] = await Promise.all([loadPosterData(), loadHandoutWords(), loadCertificateWording(), loadSocialWords()]);
});

/** Every PDF of the standard set, by its path under the set's folder. */
function standardSet(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.pdf') ? [relative(standardSetDir(), path)] : [];
    });
  return walk(standardSetDir()).sort();
}

/** The declaration's passages in one language, in its order: what a reader of that language hears. */
function declarationPassages(lang: 'en' | 'ko', numerals: boolean): string[] {
  const d = declaration;
  return [
    d.title[lang],
    d.dateLine[lang],
    d.mottos[lang].join(' '),
    ...d.preamble[lang],
    ...(d.callToAction[lang] ? [d.callToAction[lang]!] : []),
    ...d.directives.map((directive, i) => `${numerals ? `${i + 1}.` : ''}${directive[lang]}`),
    d.closing[lang],
    d.slogan[lang],
  ];
}

/** The Document's sections, each with its language. */
function sections(root: Element): Element[] {
  return root.kids.filter(isElement).filter((kid) => kid.role === 'Sect');
}

/** The language a passage is read in: its own /Lang, else its nearest ancestor's. */
function languages(root: Element): Map<Element, string | undefined> {
  const out = new Map<Element, string | undefined>();
  const walk = (element: Element, inherited?: string) => {
    const lang = element.lang ?? inherited;
    out.set(element, lang);
    for (const kid of element.kids) if (isElement(kid)) walk(kid, lang);
  };
  walk(root);
  return out;
}

/** Every element holding text, with the language it is read in. */
function passages(root: Element): { element: Element; lang?: string; text: string }[] {
  const langs = languages(root);
  return allElements(root)
    .filter((element) => element.kids.some((kid) => !isElement(kid) && kid.text.trim() !== ''))
    .map((element) => ({ element, lang: langs.get(element), text: element.kids.map((kid) => (isElement(kid) ? '' : kid.text)).join('') }));
}

const HANGUL = /[\uac00-\ud7a3]/;
const LATIN = /[A-Za-z]/;

describe('every product of the standard set is tagged', () => {
  it('lists the whole set', () => {
    expect(standardSet().length).toBeGreaterThanOrEqual(17);
  });

  for (const file of [
    'declaration-a4.pdf', 'declaration-letter.pdf', 'declaration-signed-sample.pdf', 'signing-sheet-a4.pdf',
    'handout-a4.pdf', 'handout-letter.pdf', 'handout-a4-2up.pdf', 'handout-letter-2up.pdf',
    'posters/poster-a2-both.pdf', 'posters/poster-a3-ko.pdf', 'posters/poster-18x24-en-marks.pdf', 'posters/poster-24x36-both.pdf',
    'posters/poster-a2-both-tiled-a4.pdf', 'certificates-sample.pdf', 'certificates/Hong-Gil-dong.pdf', 'certificates/Kim-Cheol-su.pdf', 'certificates/Lee-Young-hee.pdf',
  ]) {
    it(`${file}: a structure tree, PDF/UA-1, nothing drawn outside it but artifacts, every image a figure with words`, async () => {
      await expectTagged(await standardFile(file));
    });
  }
});

/**
 * The checks every tagged product passes: a structure tree, MarkInfo, PDF/UA-1 in the XMP, the
 * title shown, a /Lang, tab order by structure; nothing drawn outside an element or an artifact,
 * every image a figure with words, every id read once, every passage in its language.
 */
async function expectTagged(bytes: Uint8Array): Promise<void> {
  const doc = await loadPdf(bytes);
  expect(isTagged(doc), 'StructTreeRoot').toBe(true);
  expect(readMarked(doc), 'MarkInfo /Marked true').toBe(true);
  const xmp = readXmp(doc);
  expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
  expect(xmp).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">`);
  expect(displaysTitle(doc), 'ViewerPreferences /DisplayDocTitle true').toBe(true);
  expect(String(doc.catalog.lookup(PDFName.of('Lang'))), 'the catalog\'s /Lang').toMatch(/\((en|ko)\)|<FEFF/);
  for (const page of doc.getPages()) expect(String(page.node.get(PDFName.of('Tabs'))), 'tab order by structure').toBe('/S');

  const { unmarked, images, drawn } = await walkMarkedContent(bytes);
  expect(drawn).toBeGreaterThan(0);
  expect(unmarked, 'drawn outside any element or artifact').toEqual([]);
  for (const image of images) expect(['Figure', 'Artifact'], `an image on page ${image.page}`).toContain(image.owner);

  const root = (await readStructure(bytes))!;
  expect(root.role).toBe('Document');
  for (const figure of elementsOf(root, 'Figure')) expect(figure.alt, 'a figure\'s alternative text').toBeTruthy();
  // Every id drawn is read once: no marked content is claimed by two elements.
  const ids = contentsOf(root).map((content) => `${content.page}:${content.mcid}`);
  expect(new Set(ids).size).toBe(ids.length);
  // Every passage has a language, and Korean text is never read in an English voice (nor the reverse).
  for (const { element, lang, text } of passages(root)) {
    // Numbers (a directive's, a signing line's) are read in the document's language.
    if (element.role === 'Figure' || !HANGUL.test(text) && !LATIN.test(text)) continue;
    expect(lang, `the language of "${text.slice(0, 40)}" (${element.role})`).toMatch(/^(en|ko)$/);
    if (HANGUL.test(text) && !LATIN.test(text)) expect(lang, `"${text.slice(0, 40)}"`).toBe('ko');
    if (LATIN.test(text) && !HANGUL.test(text) && element.role !== 'TH') expect(lang, `"${text.slice(0, 40)}"`).toBe('en');
  }
}

/** Social cards as PDFs (--format pdf): every size, every kind of content, each language choice once or more. */
const CARDS = [
  { size: 'square', content: 'mottos', lang: 'both' },
  { size: 'portrait', content: 'directive-3', lang: 'both' },
  { size: 'story', content: 'slogan', lang: 'ko' },
  { size: 'link', content: 'call', lang: 'both' },
  { size: 'link', content: 'mottos', lang: 'both' },
  { size: 'link', content: 'directive-1', lang: 'en' },
  { size: 'square', content: 'call', lang: 'en' },
] as const;

const cards = new Map<string, Uint8Array>();
/** A card's PDF, made once. */
async function card(which: (typeof CARDS)[number]): Promise<Uint8Array> {
  const key = `${which.size} ${which.content} ${which.lang}`;
  if (!cards.has(key)) cards.set(key, await makeSocialCard({ ...which, format: 'pdf' }));
  return cards.get(key)!;
}

describe('social cards (--format pdf) are tagged as the posters are', () => {
  for (const which of CARDS) {
    it(`${which.size} ${which.content} ${which.lang}: passes the checks of every product`, async () => {
      await expectTagged(await card(which));
    });
  }

  it('reads a call card: the kicker in its two languages, each language whole (heading H1, call P), then the QR code as a figure with its address, and its caption', async () => {
    const root = (await readStructure(await card(CARDS[3])))!;
    const [kicker, ko, en, qr] = root.kids.filter(isElement);
    expect(root.kids.filter(isElement)).toHaveLength(4);
    expect([kicker!.role, kicker!.lang ?? null]).toEqual(['P', null]);
    expect(kicker!.kids.filter(isElement).map((span) => [span.role, span.lang, compact(textOf(span))])).toEqual([
      ['Span', 'en', compact(labels.shortTitle.en)],
      ['Span', 'ko', compact(labels.shortTitle.ko)],
    ]);
    // The separator between them is not read.
    expect(compact(textOf(kicker!))).toBe(compact(`${labels.shortTitle.en}${labels.shortTitle.ko}`));
    for (const [section, lang] of [[ko!, 'ko'], [en!, 'en']] as const) {
      expect([section.role, section.lang]).toEqual(['Sect', lang]);
      expect(section.kids.filter(isElement).map((kid) => [kid.role, kid.lang, compact(textOf(kid))])).toEqual([
        ['H1', lang, compact(socialWords.call.heading[lang])],
        ['P', lang, compact(socialWords.call.text[lang])],
      ]);
    }
    const [figure, ...captions] = qr!.kids.filter(isElement);
    expect([qr!.role, figure!.role, figure!.lang]).toEqual(['Sect', 'Figure', 'ko']);
    expect(figure!.alt).toBe(labels.alt.qr.ko.replace('{url}', socialWords.qr.url ?? poster.qr.url));
    expect(captions.map((caption) => [caption.role, caption.lang, compact(textOf(caption))])).toEqual([
      ['P', 'ko', compact(socialWords.qr.caption.ko)],
      ['P', 'en', compact(socialWords.qr.caption.en)],
    ]);
    // The code is drawn inside its figure, not as furniture.
    expect(contentsOf(figure!)).not.toEqual([]);
  });

  it('reads a one-language call card\'s QR code in that language, with the address --qr gives', async () => {
    const bytes = await makeSocialCard({ size: 'square', content: 'call', lang: 'en', qr: 'https://example.org/declaration', format: 'pdf' });
    const root = (await readStructure(bytes))!;
    const [figure] = elementsOf(root, 'Figure');
    expect([figure!.lang, figure!.alt]).toEqual(['en', labels.alt.qr.en.replace('{url}', 'https://example.org/declaration')]);
    expect(root.kids.filter(isElement).map((kid) => [kid.role, kid.lang ?? null])).toEqual([['P', 'en'], ['Sect', 'en'], ['Sect', null]]);
  });

  it('reads a directive card as a list of one item in each language, its numeral the first language\'s label, then the event line', async () => {
    const root = (await readStructure(await card(CARDS[1])))!;
    const [, ko, en] = root.kids.filter(isElement);
    for (const [section, lang] of [[ko!, 'ko'], [en!, 'en']] as const) {
      const [list, event] = section.kids.filter(isElement);
      expect([list!.role, list!.lang, event!.role, event!.lang]).toEqual(['L', lang, 'P', lang]);
      expect(compact(textOf(event!))).toBe(compact(poster.event![lang]));
      const [item] = list!.kids.filter(isElement);
      expect(list!.kids.filter(isElement).map((kid) => kid.role)).toEqual(['LI']);
      const parts = item!.kids.filter(isElement);
      expect(parts.map((part) => part.role)).toEqual(lang === 'ko' ? ['Lbl', 'LBody'] : ['LBody']);
      expect(compact(textOf(parts.at(-1)!))).toBe(compact(declaration.directives[2]![lang]));
      if (lang === 'ko') expect(textOf(parts[0]!)).toBe('3');
    }
  });

  it('reads the mottos in the language the card leads with, then the other, on a tall card and a wide one', async () => {
    for (const which of [CARDS[0], CARDS[4]]) {
      const root = (await readStructure(await card(which)))!;
      const [, ko, en] = root.kids.filter(isElement);
      for (const [section, lang] of [[ko!, 'ko'], [en!, 'en']] as const) {
        const kids = section.kids.filter(isElement);
        expect(kids.slice(0, 3).map((kid) => [kid.role, kid.lang, compact(textOf(kid))])).toEqual(declaration.mottos[lang].map((motto) => ['P', lang, compact(motto)]));
      }
      // The rules and the panel are furniture: nothing else is read.
      expect(compact(textOf(root))).toBe(
        compact([labels.shortTitle.en, labels.shortTitle.ko, ...declaration.mottos.ko, ...(which.size === 'link' ? [] : [poster.event!.ko]), ...declaration.mottos.en, ...(which.size === 'link' ? [] : [poster.event!.en])].join('')),
      );
    }
  });
});

/** Whether the catalog asks viewers to show the title, not the file name. */
function displaysTitle(doc: PDFDocument): boolean {
  const preferences = doc.catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
  return String(preferences?.get(PDFName.of('DisplayDocTitle'))) === 'true';
}

describe('reading order: each language whole, as the page leads, in the order of the source', () => {
  it('reads the parallel declaration\'s English whole, then its Korean, with their titles as H1 and the directives as lists', async () => {
    const root = (await readStructure(await standardFile('declaration-a4.pdf')))!;
    const [en, ko, lines] = sections(root);
    expect([en!.lang, ko!.lang]).toEqual(['en', 'ko']);
    expect(compact(textOf(en!))).toBe(compact(declarationPassages('en', true).join('')));
    expect(compact(textOf(ko!))).toBe(compact(declarationPassages('ko', true).join('')));
    for (const [section, lang] of [[en!, 'en'], [ko!, 'ko']] as const) {
      const kids = section.kids.filter(isElement);
      expect(kids[0]!.role).toBe('H1');
      expect(compact(textOf(kids[0]!))).toBe(compact(declaration.title[lang]));
      const [list] = elementsOf(section, 'L');
      const items = list!.kids.filter(isElement);
      expect(items).toHaveLength(7);
      items.forEach((item, i) => {
        expect(item.kids.filter(isElement).map((kid) => kid.role)).toEqual(['Lbl', 'LBody']);
        expect(textOf(item.kids[0] as Element)).toBe(`${i + 1}.`);
        expect(compact(textOf(item.kids[1] as Element))).toBe(compact(declaration.directives[i]![lang]));
      });
      // Every passage of the section, each with its /Lang (pdf.js reads them so too).
      for (const passage of section.kids.filter(isElement)) expect(passage.lang, passage.role).toBe(lang);
    }
    // Then the lines to sign: a heading and a table.
    expect(lines!.kids.filter(isElement).map((kid) => kid.role)).toEqual(['H2', 'Table']);
    expect(root.kids.filter(isElement)).toHaveLength(3);
    const pdfjs = await pdfjsStructure(await standardFile('declaration-a4.pdf'), 1);
    expect(pdfjs.filter((node) => node.role === 'P' && node.lang === 'en').length).toBeGreaterThan(3);
    expect(pdfjs.filter((node) => node.role === 'P' && node.lang === 'ko').length).toBeGreaterThan(3);
    expect(pdfjs.filter((node) => node.role === 'H1').map((node) => node.lang)).toEqual(['en', 'ko']);
  });

  it('reads the signing lines as a table: the column labels as headers, each line a row headed by its number', async () => {
    const root = (await readStructure(await standardFile('signing-sheet-a4.pdf')))!;
    const [ko, en, lines] = sections(root);
    // The sheet leads with Korean: Korean whole, then English.
    expect([ko!.lang, en!.lang]).toEqual(['ko', 'en']);
    expect(compact(textOf(ko!))).toBe(compact([declaration.title.ko, declaration.dateLine.ko, declaration.mottos.ko.join(' ')].join('')));
    expect(compact(textOf(en!))).toBe(compact([declaration.title.en, declaration.dateLine.en, declaration.mottos.en.join(' ')].join('')));
    const [heading, table] = lines!.kids.filter(isElement);
    expect(heading!.role).toBe('H2');
    expect(heading!.kids.filter(isElement).map((span) => [span.role, span.lang])).toEqual([['Span', 'ko'], ['Span', 'en']]);
    const [head, body] = table!.kids.filter(isElement);
    expect([head!.role, body!.role]).toEqual(['THead', 'TBody']);
    const [header] = head!.kids.filter(isElement);
    expect(header!.kids.filter(isElement).map((cell) => [cell.role, cell.scope ?? null, compact(textOf(cell))])).toEqual([
      ['TD', null, ''],
      ['TH', 'Column', compact(`${labels.name.ko}${labels.name.en}`)],
      ['TH', 'Column', compact(`${labels.signature.ko}${labels.signature.en}`)],
      ['TH', 'Column', compact(`${labels.date.ko}${labels.date.en}`)],
    ]);
    const rows = body!.kids.filter(isElement);
    expect(rows).toHaveLength(30);
    rows.forEach((row, i) => {
      expect(row.kids.filter(isElement).map((cell) => [cell.role, cell.scope ?? null, textOf(cell)])).toEqual([
        ['TH', 'Row', String(i + 1)],
        ['TD', null, ''],
        ['TD', null, ''],
        ['TD', null, ''],
      ]);
    });
  });

  it('reads the signatories as a list: each signature a figure that names its signatory, each name in its language', async () => {
    const root = (await readStructure(await standardFile('declaration-signed-sample.pdf')))!;
    const [, , signatories] = sections(root);
    const [heading, list] = signatories!.kids.filter(isElement);
    expect(heading!.role).toBe('H2');
    expect(compact(textOf(heading!))).toBe(compact(`${labels.signatories.ko}${labels.signatories.en}`));
    const items = list!.kids.filter(isElement);
    expect(items.map((item) => item.role)).toEqual(['LI', 'LI', 'LI']);
    const [hong] = items;
    const body = hong!.kids.filter(isElement)[0]!;
    const [figure, nameEn, nameKo, role] = body.kids.filter(isElement);
    expect(figure!.role).toBe('Figure');
    expect(figure!.alt).toBe('Signature of 홍길동 / Hong Gil-dong');
    expect([nameEn!.role, nameEn!.lang, textOf(nameEn!)]).toEqual(['P', 'en', 'Hong Gil-dong']);
    expect([nameKo!.role, nameKo!.lang, textOf(nameKo!)]).toEqual(['P', 'ko', '홍길동']);
    expect(role!.kids.filter(isElement).map((span) => [span.lang, textOf(span).trim()])).toEqual([['en', 'Sample signatory'], ['ko', '견본 서명자']]);
    // The running title on the pages after the first is not read again.
    expect(elementsOf(root, 'H2')).toHaveLength(1);
  });

  for (const file of ['handout-a4.pdf', 'handout-a4-2up.pdf', 'handout-letter-2up.pdf']) {
    it(`${file}: the declaration in each language, then the panel and its QR code, each read once`, async () => {
      const root = (await readStructure(await standardFile(file)))!;
      const [en, ko, about] = sections(root);
      expect(compact(textOf(en!))).toBe(compact(declarationPassages('en', true).join('')));
      expect(compact(textOf(ko!))).toBe(compact(declarationPassages('ko', true).join('')));
      const kids = about!.kids.filter(isElement);
      expect(kids.map((kid) => [kid.role, kid.lang])).toEqual([['P', 'en'], ['P', 'en'], ['P', 'ko'], ['P', 'ko'], ['P', 'en'], ['Figure', 'en']]);
      expect(compact(textOf(kids[0]!))).toBe(compact(`${handout.panel.heading.en} ${handout.panel.text.en}`));
      expect(kids[5]!.alt).toBe(labels.alt.qr.en.replace('{url}', handout.qr.url));
      expect(root.kids.filter(isElement)).toHaveLength(3);
    });
  }

  it('reads a bilingual poster in the language it leads with, then the other, then its QR code', async () => {
    const root = (await readStructure(await standardFile('posters/poster-a2-both.pdf')))!;
    const [ko, en, qr] = sections(root);
    for (const [section, lang] of [[ko!, 'ko'], [en!, 'en']] as const) {
      expect(section.lang).toBe(lang);
      const expected = [
        ...declaration.mottos[lang],
        declaration.title[lang],
        ...declaration.directives.map((directive, i) => `${i + 1}${directive[lang]}`),
        declaration.slogan[lang],
        poster.event![lang],
      ];
      expect(compact(textOf(section))).toBe(compact(expected.join('')));
      expect(section.kids.filter(isElement).map((kid) => kid.role)).toEqual(['P', 'P', 'P', 'H1', 'L', 'P', 'P']);
    }
    const [figure, ...captions] = qr!.kids.filter(isElement);
    expect(figure!.alt).toBe(labels.alt.qr.ko.replace('{url}', poster.qr.url));
    expect(captions.map((caption) => [caption.lang, compact(textOf(caption))])).toEqual([['ko', compact(poster.qr.caption.ko)], ['en', compact(poster.qr.caption.en)]]);
    // The kicker repeats the title: not read.
    expect(compact(textOf(root))).not.toContain(compact(`${labels.shortTitle.en}·${labels.shortTitle.ko}`));
  });

  it('reads a one-language poster in that language alone', async () => {
    const root = (await readStructure(await standardFile('posters/poster-a3-ko.pdf')))!;
    const [ko, qr] = sections(root);
    expect(ko!.lang).toBe('ko');
    expect(sections(root)).toHaveLength(2);
    expect(compact(textOf(ko!))).toContain(compact(declaration.directives[6]!.ko));
    expect(LATIN.test(textOf(ko!).replace(/\d/g, ''))).toBe(false);
    expect(qr!.kids.filter(isElement)[0]!.role).toBe('Figure');
  });

  it('reads a tiled poster\'s map page: the map as a figure, then each language\'s steps as a list; the sheets not at all', async () => {
    const bytes = await standardFile('posters/poster-a2-both-tiled-a4.pdf');
    const root = (await readStructure(bytes))!;
    const [map, en, ko] = root.kids.filter(isElement);
    expect(map!.role).toBe('Figure');
    expect(map!.alt).toMatch(/^포스터를 \d+장으로 나눈 지도/);
    for (const [section, lang] of [[en!, 'en'], [ko!, 'ko']] as const) {
      expect([section.role, section.lang]).toEqual(['Sect', lang]);
      const [heading, list] = section.kids.filter(isElement);
      expect([heading!.role, compact(textOf(heading!))]).toEqual(['H1', compact(poster.tiles.guide.title[lang])]);
      expect(list!.kids.filter(isElement).map((item) => textOf(item.kids[0] as Element))).toEqual(['1', '2', '3', '4', '5'].slice(0, poster.tiles.guide.steps[lang].length));
    }
    // Everything read is on the map page: the sheets are artifacts.
    expect(new Set(contentsOf(root).map((content) => content.page))).toEqual(new Set([1]));
  });

  for (const [file, row] of [['certificates/Hong-Gil-dong.pdf', 0], ['certificates/Kim-Cheol-su.pdf', 1]] as const) {
    it(`${file}: Korean whole, then English: title, number, label, name, role, body, date, issuer; the signature and seal as figures`, async () => {
      const root = (await readStructure(await standardFile(file)))!;
      const [ko, en] = sections(root);
      expect(sections(root)).toHaveLength(2);
      const names = [['홍길동', 'Hong Gil-dong'], ['김철수', 'Kim Cheol-su']][row]!;
      const texts = certificateTexts(certificate, declaration.title, String(row + 1).padStart(4, '0'));
      const [numberKo, numberEn] = texts.number.split(/\s+·\s+/);
      const date = { ko: '2024년 7월 22일', en: 'July 22, 2024' };
      const read = (section: Element) => section.kids.filter(isElement).map((kid) => (kid.role === 'Figure' ? `[${kid.alt}]` : `${kid.role}:${compact(textOf(kid))}`));
      expect(read(ko!)).toEqual([
        `H1:${compact(certificate.title.ko)}`,
        `P:${compact(numberKo!)}`,
        `P:${compact(certificate.nameLabel.ko)}`,
        ...(row === 0 ? [`[${labels.alt.signature.ko.replace('{name}', `${names[0]} / ${names[1]}`)}]`] : []),
        `P:${names[0]}`,
        `P:${compact('견본 서명자')}`,
        `P:${compact(texts.body.ko)}`,
        `P:${compact(date.ko)}`,
        `P:${compact(certificate.issuer.ko)}`,
        `[${labels.alt.seal.ko.replace('{issuer}', certificate.issuer.ko).replace('{text}', `${certificate.seal.ko} · ${certificate.seal.en}`)}]`,
      ]);
      expect(read(en!)).toEqual([
        `H1:${compact(certificate.title.en)}`,
        `P:${compact(numberEn!)}`,
        `P:${compact(certificate.nameLabel.en)}`,
        `P:${compact(names[1]!)}`,
        `P:${compact('Sample signatory')}`,
        `P:${compact(texts.body.en)}`,
        `P:${compact(date.en)}`,
        `P:${compact(certificate.issuer.en)}`,
      ]);
      // The static layer's slot names are not left in a certificate.
      expect(allElements(root).filter((element) => element.title)).toEqual([]);
    });
  }

  it('reads a combined file certificate by certificate, each page its own', async () => {
    const root = (await readStructure(await standardFile('certificates-sample.pdf')))!;
    const [first, , second, , third] = sections(root);
    expect(sections(root)).toHaveLength(6);
    expect([first, second, third].map((section) => compact(textOf(section!.kids.filter(isElement)[1]!)))).toEqual(['제0001호', '제0002호', '제0003호']);
    expect([first, second, third].map((section) => contentsOf(section!)[0]!.page)).toEqual([1, 2, 3]);
  });
});

describe('signed certificates (--key)', () => {
  it('read the QR code as a figure naming the verify page, then the ID line in English, after the certificate\'s own text; separate and combined', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-tagged-signed-'));
    await initKeys(join(dir, 'keys'));
    const out = join(dir, 'out');
    await buildCertificates({ signatories: join('data', 'signatories.sample.csv'), out, combined: join(dir, 'all.pdf'), key: join(dir, 'keys', KEY_FILES.private) } as Parameters<typeof buildCertificates>[0]);
    const register = await readRegister(out);
    const host = new URL(certificate.verify!.url).host;
    const qrAlt = labels.alt.verify.ko.replace('{host}', host);
    expect(qrAlt).toContain(host);
    const expectVerify = (section: Element, id: string) => {
      expect([section.role, section.lang ?? null]).toEqual(['Sect', null]);
      const [figure, line] = section.kids.filter(isElement);
      expect([figure!.role, figure!.lang, figure!.alt]).toEqual(['Figure', 'ko', qrAlt]);
      // The code is drawn inside its figure, not as furniture.
      expect(contentsOf(figure!)).toHaveLength(1);
      expect([line!.role, line!.lang, compact(textOf(line!))]).toEqual(['P', 'en', compact(`ID ${id}`)]);
    };
    for (const row of register.slice(0, 2)) {
      const bytes = new Uint8Array(readFileSync(join(out, row.file)));
      await expectTagged(bytes);
      const root = (await readStructure(bytes))!;
      const [ko, en, verify] = root.kids.filter(isElement);
      expect([ko!.lang, en!.lang]).toEqual(['ko', 'en']);
      expect(root.kids.filter(isElement)).toHaveLength(3);
      expectVerify(verify!, row.id);
      // Its image is a figure: the walk finds the QR code's mask owned by one.
      const { images } = await walkMarkedContent(bytes);
      expect(images.filter((image) => image.owner === 'Figure').length).toBeGreaterThanOrEqual(1);
    }
    const combined = new Uint8Array(readFileSync(join(dir, 'all.pdf')));
    await expectTagged(combined);
    const root = (await readStructure(combined))!;
    const verifies = root.kids.filter(isElement).filter((kid) => kid.role === 'Sect' && !kid.lang);
    expect(verifies).toHaveLength(register.length);
    verifies.forEach((section, i) => {
      expectVerify(section, register[i]!.id);
      expect(contentsOf(section)[0]!.page).toBe(i + 1);
    });
  });
});

describe('the outline', () => {
  it('lists each language\'s title and, under it, each section of the declaration, pointing at its page', async () => {
    const doc = await loadPdf(await standardFile('declaration-a4.pdf'));
    const items = outline(doc);
    expect(items.map((item) => item.title)).toEqual([declaration.title.en, declaration.title.ko, `${labels.signingSheet.ko} / ${labels.signingSheet.en}`]);
    for (const [item, lang] of [[items[0]!, 'en'], [items[1]!, 'ko']] as const) {
      const passages = declarationPassages(lang, false).slice(2);
      expect(item.kids).toHaveLength(passages.length);
      item.kids.forEach((kid, i) => {
        const words = kid.title.replace(/^\d+\. /, '').replace(/…$/, '');
        expect(compact(passages[i]!).startsWith(compact(words)), `"${kid.title}" starts section ${i + 1}`).toBe(true);
      });
      expect(item.kids[0]!.page).toBe(1);
    }
    // Each destination's top is on its page, below the title.
    for (const kid of items[0]!.kids) expect(kid.top).toBeGreaterThan(0);
  });

  it('moves a two-up handout\'s outline with its pages onto the sheets', async () => {
    const doc = await loadPdf(await standardFile('handout-a4-2up.pdf'));
    const items = outline(doc);
    expect(items.map((item) => item.title)).toEqual([declaration.title.en, declaration.title.ko]);
    const sheet = doc.getPage(0).getSize();
    for (const kid of items.flatMap((item) => [item, ...item.kids])) {
      expect(kid.page).toBeGreaterThanOrEqual(1);
      expect(kid.top).toBeGreaterThan(0);
      expect(kid.top).toBeLessThanOrEqual(sheet.height);
    }
  });
});

/** The outline's items: title, page (from 1), the destination's top, children. */
function outline(doc: PDFDocument): { title: string; page: number; top: number; kids: ReturnType<typeof outline> }[] {
  const pages = new Map(doc.getPages().map((page, i) => [page.ref.toString(), i + 1]));
  const items = (first: PDFDict | undefined): ReturnType<typeof outline> => {
    const out: ReturnType<typeof outline> = [];
    for (let node = first; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const dest = node.lookupMaybe(PDFName.of('Dest'), PDFArray);
      const page = dest?.get(0);
      const top = dest?.lookup(3);
      out.push({
        title: (node.lookup(PDFName.of('Title')) as unknown as { decodeText(): string }).decodeText(),
        page: page instanceof PDFRef ? pages.get(page.toString()) ?? 0 : 0,
        top: top instanceof PDFNumber ? top.asNumber() : NaN,
        kids: items(node.lookupMaybe(PDFName.of('First'), PDFDict)),
      });
    }
    return out;
  };
  return items(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict));
}

describe('the render step', () => {
  /** A page using every kind of tag: spans of two languages, artifacts, text with no tag, an image, a drawing, a canvas, backgrounds and borders. */
  const sample = (tagged: boolean): ReactElement => {
    const section = { role: 'Sect' as const, lang: 'en' as const };
    return createElement(Document, { tagged, pdfVersion: '1.7' },
      createElement(Page, { size: [300, 300], style: { padding: 20 } },
        createElement(View, { artifact: 'Pagination', fixed: true, style: { position: 'absolute', top: 5, left: 20, backgroundColor: '#eeeeee' } },
          createElement(Text, { style: { fontFamily: 'SourceSerif', fontSize: 8 } }, 'Running head')),
        createElement(Text, { tag: { role: 'H1', lang: 'en', parent: section }, style: { fontFamily: 'SourceSerif', fontSize: 14, borderBottomWidth: 1 } }, 'Title'),
        createElement(Text, { tag: { role: 'P', parent: section }, style: { fontFamily: ['SourceSerif', 'NanumMyeongjo'], fontSize: 10 } },
          createElement(Text, { tag: { role: 'Span', lang: 'en' } }, 'Dignity'),
          createElement(Text, { artifact: 'Layout' }, ' · '),
          createElement(Text, { tag: { role: 'Span', lang: 'ko' }, style: { fontFamily: 'NanumMyeongjo' } }, '존엄')),
        createElement(Text, { style: { fontFamily: 'SourceSerif', fontSize: 10, backgroundColor: '#ffeeee' } }, 'Untagged text is a paragraph'),
        createElement(Image, { tag: { role: 'Figure', alt: 'A signature' }, src: join('data', 'signatures', 'hong-gildong.png'), style: { height: 40, objectFit: 'contain' } }),
        createElement(Svg, { width: 40, height: 20, tag: { role: 'Figure', alt: 'A box' } }, createElement(Rect, { x: 1, y: 1, width: 30, height: 15, fill: '#c0392b' })),
        createElement(Canvas, { style: { width: 100, height: 4 }, paint: (p: { rect(...a: number[]): { fill(c: string): void } }) => { p.rect(0, 0, 100, 2).fill('#333333'); return null; } }),
      ),
    );
  };

  it('tags a document without moving a pixel', async () => {
    registerBundledFonts();
    const [plain, tagged] = [await render(sample(false)), await render(sample(true))];
    expect((await loadPdf(plain)).catalog.get(PDFName.of('StructTreeRoot'))).toBeUndefined();
    // Compared as bytes: toEqual on millions of numbers took seconds to say the same.
    const [taggedPixels, plainPixels] = [await pixels(tagged), await pixels(plain)];
    expect(taggedPixels.length).toBe(plainPixels.length);
    expect(Buffer.compare(taggedPixels, plainPixels), 'the pages differ in some pixel').toBe(0);
    const root = (await readStructure(tagged))!;
    expect(allElements(root).map((element) => [element.role, element.lang ?? null, element.alt ?? null])).toEqual([
      ['Document', null, null],
      ['Sect', 'en', null],
      ['H1', 'en', null],
      ['P', null, null],
      ['Span', 'en', null],
      ['Span', 'ko', null],
      ['P', null, null],
      ['Figure', null, 'A signature'],
      ['Figure', null, 'A box'],
    ]);
    expect(textOf(root).replace(/\s+/g, ' ').trim()).toBe('Title Dignity 존엄 Untagged text is a paragraph');
    const { unmarked, images } = await walkMarkedContent(tagged);
    expect(unmarked).toEqual([]);
    expect(images).toEqual([{ page: 1, owner: 'Figure' }]);
    // The canvas, with no element above it, is page furniture; so are the background and the rule.
    expect(await walkMarkedContent(plain).then((walk) => walk.unmarked.length)).toBeGreaterThan(5);
  });

  it('keeps a copy drawn as page furniture free of marked content, and draws it the same', async () => {
    const content = new TextEncoder().encode('/P <</MCID 0>> BDC\nBT /F1 12 Tf (a (nested) EMC string) Tj ET\nEMC\n/Artifact BMC 0 0 1 1 re f EMC q Q');
    const stripped = new TextDecoder().decode(withoutMarkedContent(content));
    expect(stripped).not.toMatch(/BDC|BMC|\bEMC\n|MCID/);
    expect(stripped).toContain('(a (nested) EMC string) Tj');
    expect(stripped.replace(/\s+/g, ' ').trim()).toBe('BT /F1 12 Tf (a (nested) EMC string) Tj ET 0 0 1 1 re f q Q');
  });
});

/** A page's pixels (RGBA), as pdf.js paints it at 144 dpi: the same document drawn alike gives the same bytes. */
async function pixels(bytes: Uint8Array): Promise<Buffer> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const page = await pdf.getPage(1);
  const viewport = page.getViewport({ scale: 2 });
  const canvas = createCanvas(viewport.width, viewport.height);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: canvas.getContext('2d') as unknown as CanvasRenderingContext2D, viewport }).promise;
  const data = canvas.getContext('2d').getImageData(0, 0, viewport.width, viewport.height).data;
  await pdf.destroy();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

describe('the same bytes every time', () => {
  it('renders the tagged declaration and two-up handout to the bytes of the standard set', async () => {
    expect(Buffer.from(await makeDeclaration({ paper: 'a4' })).equals(Buffer.from(await standardFile('declaration-a4.pdf')))).toBe(true);
    expect(Buffer.from(await makeHandout({ paper: 'a4', nup: 2 })).equals(Buffer.from(await standardFile('handout-a4-2up.pdf')))).toBe(true);
  });
});

const hasPoppler = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('poppler reads the same tree', () => {
  it.skipIf(!hasPoppler)('lists the roles and the text of each passage in reading order (pdfinfo -struct-text)', async () => {
    const out = execFileSync('pdfinfo', ['-struct-text', join(standardSetDir(), 'declaration-a4.pdf')], { encoding: 'utf8' });
    const roles = [...out.matchAll(/^ *(\w+)(?: |$)/gm)].map((match) => match[1]);
    expect(roles.slice(0, 3)).toEqual(['Document', 'Sect', 'H1']);
    expect(roles.filter((role) => role === 'LI')).toHaveLength(14);
    // The English closing comes before the first Korean paragraph, and each language's text in its order.
    const text = compact(out.replace(/^ *\w+(?: \(\w+\))?:?$/gm, '').replace(/"/g, ''));
    const order = [...declarationPassages('en', true), ...declarationPassages('ko', true)].map((passage) => text.indexOf(compact(passage).slice(0, 24)));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
