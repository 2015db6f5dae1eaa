/**
 * The studio's words in English and Korean. Option names and allowed values come from the product
 * records (describeOptions); this gives them a label in each language, and falls back to the
 * record's own description for any it does not know.
 */

/** A language of the interface. */
export type Lang = 'en' | 'ko';

/** The browser's language when it is Korean, else English. */
export function browserLang(): Lang {
  const langs = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  return langs.some((lang) => lang.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

const WORDS = {
  title: { en: 'Declaration Press Studio', ko: '선언문 인쇄 스튜디오' },
  tagline: {
    en: 'Print-ready PDFs of the Washington Declaration, made in this browser. Nothing is uploaded.',
    ko: '워싱턴 선언 인쇄용 PDF를 이 브라우저에서 만듭니다. 아무것도 업로드되지 않습니다.',
  },
  language: { en: 'Language', ko: '언어' },
  product: { en: 'Product', ko: '제작물' },
  options: { en: 'Options', ko: '설정' },
  preview: { en: 'Preview', ko: '미리보기' },
  download: { en: 'Download PDF', ko: 'PDF 내려받기' },
  rendering: { en: 'Rendering…', ko: '만드는 중…' },
  ready: { en: 'Ready', ko: '완료' },
  pages: { en: 'pages', ko: '쪽' },
  page: { en: 'Page', ko: '쪽' },
  more: { en: 'more pages in the PDF', ko: '쪽 더 (PDF에 있음)' },
  none: { en: '(none)', ko: '(없음)' },
  error: { en: 'Error', ko: '오류' },
  renderedIn: { en: 'rendered in', ko: '렌더링 시간' },
  readHere: { en: 'Read in this browser, never uploaded; signature images are not read here.', ko: '이 브라우저에서만 읽고 업로드하지 않습니다. 서명 이미지는 여기서 읽지 않습니다.' },
  list: { en: 'Signatory list (CSV or XLSX)', ko: '서명자 명단 (CSV 또는 XLSX)' },
  listHelp: {
    en: 'Columns name_ko, name_en, role_ko, role_en (UTF-8 or CP949 CSV, or XLSX). Choose a file or drop it here: it is read in this browser and never uploaded.',
    ko: '열: name_ko, name_en, role_ko, role_en (UTF-8 또는 CP949 CSV, 또는 XLSX). 파일을 고르거나 여기에 끌어다 놓으세요. 이 브라우저에서만 읽고 업로드하지 않습니다.',
  },
  output: { en: 'Download as', ko: '내려받을 형식' },
  zip: { en: 'ZIP of separate PDFs (one per signatory)', ko: '서명자별 PDF를 묶은 ZIP' },
  combinedPdf: { en: 'One combined PDF to print', ko: '인쇄용 PDF 한 개' },
  make: { en: 'Make certificates', ko: '증서 만들기' },
  progress: { en: 'Progress', ko: '진행' },
  made: { en: 'Made', ko: '만든 증서' },
  failedRows: { en: 'rows with errors', ko: '오류가 있는 행' },
  downloadFile: { en: 'Download', ko: '내려받기' },
  rowsWithErrors: { en: 'Rows with errors (the other rows were made)', ko: '오류가 있는 행 (나머지 행은 만들었습니다)' },
  line: { en: 'Line', ko: '줄' },
  column: { en: 'Column', ko: '열' },
  reason: { en: 'Reason', ko: '이유' },
} as const;

/** A word of the interface. */
export type Word = keyof typeof WORDS;

/** The word in a language. */
export function t(lang: Lang, word: Word): string {
  return WORDS[word][lang];
}

/** Products' names. */
const PRODUCT_NAMES: Record<string, { en: string; ko: string }> = {
  declaration: { en: 'Declaration', ko: '선언문' },
  'signing-sheet': { en: 'Signing sheet', ko: '서명지' },
  poster: { en: 'Poster', ko: '포스터' },
  handout: { en: 'Handout', ko: '유인물' },
  certificates: { en: 'Certificates', ko: '증서' },
};

/** A product's name in a language (its command when unknown). */
export function productName(lang: Lang, name: string): string {
  return PRODUCT_NAMES[name]?.[lang] ?? name;
}

/** Options' labels. */
const OPTION_LABELS: Record<string, { en: string; ko: string }> = {
  paper: { en: 'Paper', ko: '용지' },
  layout: { en: 'Layout', ko: '배치' },
  signatureLines: { en: 'Signing lines', ko: '서명란 수' },
  sample: { en: 'Mark as sample', ko: '견본 표시' },
  size: { en: 'Size', ko: '크기' },
  lang: { en: 'Languages', ko: '언어' },
  bleed: { en: 'Bleed', ko: '도련' },
  marks: { en: 'Crop marks', ko: '재단선' },
  qr: { en: 'QR code address', ko: 'QR 코드 주소' },
  tile: { en: 'Tile onto sheets', ko: '나눠 인쇄할 용지' },
  nup: { en: 'Handouts per sheet', ko: '한 장에 넣을 부수' },
  orientation: { en: 'Orientation', ko: '방향' },
  signatories: { en: 'Signatory list (CSV or XLSX)', ko: '서명자 명단 (CSV 또는 XLSX)' },
};

/** An option's label in a language (its key when unknown). */
export function optionLabel(lang: Lang, key: string): string {
  return OPTION_LABELS[key]?.[lang] ?? key;
}

/** Allowed values' names where a bare value would not say enough. */
const VALUE_LABELS: Record<string, { en: string; ko: string }> = {
  parallel: { en: 'parallel (side by side)', ko: '나란히 (좌우)' },
  stacked: { en: 'stacked (Korean, then English)', ko: '위아래 (한국어, 영어)' },
  both: { en: 'both (Korean with English)', ko: '둘 다 (한국어와 영어)' },
  en: { en: 'English', ko: '영어' },
  ko: { en: 'Korean', ko: '한국어' },
  landscape: { en: 'landscape', ko: '가로' },
  portrait: { en: 'portrait', ko: '세로' },
};

/** An allowed value's label in a language. */
export function valueLabel(lang: Lang, value: string | number): string {
  return VALUE_LABELS[String(value)]?.[lang] ?? String(value);
}
