/**
 * The studio: pick a product and its options (the CLI's, read from the product records), see the
 * pages as they change, download the PDF under the CLI's file name. Rendering runs in a Web Worker.
 */
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { parseOptions, type OptionsSchema } from '../../src/products/options.js';
import { DOCUMENT_SPECS } from '../../src/products/documents/index.js';
import { certificateOptions } from '../../src/products/certificates/options.js';
import { CertificatesPanel } from './certificates.js';
import { FIRST_PRODUCT, previewRenderer, takeFirstPreview } from './boot.js';
import { defaults, download, fileOptions, formOptions, OptionField, rawOptions } from './controls.js';
import { browserLang, optionLabel, productName, t, type Lang } from './i18n.js';
import { drawPages, startPdfWorker, type PreviewPage } from './preview.js';
import { Renderer, type DoneReply } from './renderer.js';
import './styles.css';

/**
 * How long the form waits after a keystroke in a text field before rendering: a number typed
 * quickly is rendered once, not once a digit. Short, because a change made while a render runs
 * waits for it anyway and only the latest is rendered then (see run). A select, a checkbox, a
 * product or a file renders at once: its change is whole.
 */
const TYPING_MS = 100;
/** Pages the preview draws; the PDF holds them all. */
const PREVIEW_PAGES = 6;

/** Products in the menu, in the CLI's order (certificates after the poster, as --help lists them). */
const PRODUCTS = [
  ...DOCUMENT_SPECS.slice(0, 3).map((spec) => ({ name: spec.name, options: spec.options as OptionsSchema })),
  { name: 'certificates', options: certificateOptions as unknown as OptionsSchema },
  ...DOCUMENT_SPECS.slice(3).map((spec) => ({ name: spec.name, options: spec.options as OptionsSchema })),
];

/** The certificates' options. */
const certificatesSchema = certificateOptions as unknown as OptionsSchema;

/** What the preview shows. */
type Result =
  | { state: 'rendering' }
  | { state: 'ready'; bytes: Uint8Array; fileName: string; pages: PreviewPage[]; count: number; millis: number }
  | { state: 'error'; message: string };

function Studio() {
  const [lang, setLang] = useState<Lang>(browserLang);
  const [product, setProduct] = useState(PRODUCTS[0]!.name);
  const schema = PRODUCTS.find((candidate) => candidate.name === product)!.options;
  const [values, setValues] = useState<Record<string, Record<string, unknown>>>(() => Object.fromEntries(PRODUCTS.map((p) => [p.name, defaults(p.options)])));
  const [result, setResult] = useState<Result>({ state: 'rendering' });
  // A render is asked for or running: the preview keeps the last pages, the download waits.
  const [pending, setPending] = useState(true);
  const [renders, setRenders] = useState(0);
  // Two workers: the previews never wait behind a batch of certificates. The previews' was
  // started by boot.ts, before this script loaded.
  const renderer = previewRenderer;
  const batchRenderer = useMemo(() => new Renderer(), []);
  const isDocument = product !== 'certificates';
  const latest = useRef(0);

  // pdf.js's worker loads while the first preview renders (see startPdfWorker).
  useEffect(startPdfWorker, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(lang, 'title');
  }, [lang]);

  const raw = rawOptions(schema, values[product]!);
  // Files chosen for this product's file options, by option: read again at each render (they are small).
  const [files, setFiles] = useState<Record<string, Record<string, File | undefined>>>({});
  const chosen = Object.entries(files[product] ?? {}).filter((entry): entry is [string, File] => entry[1] !== undefined);
  const key = JSON.stringify([product, raw, chosen.map(([option, file]) => [option, file.name, file.size, file.lastModified])]);
  // The latest render asked for, and whether one is running: one render at a time, and a change
  // made while one runs renders only its latest state when it ends (no queue of stale renders).
  const running = useRef(false);
  const queued = useRef<(() => Promise<void>) | undefined>(undefined);
  // Whether the last change was a keystroke in a text field (it waits TYPING_MS for the next).
  const typing = useRef(false);
  const run = async (job: () => Promise<void>) => {
    if (running.current) {
      queued.current = job;
      return;
    }
    running.current = true;
    try {
      await job();
    } finally {
      running.current = false;
      const next = queued.current;
      queued.current = undefined;
      if (next) void run(next);
    }
  };
  useEffect(() => {
    if (!isDocument) return;
    const ticket = ++latest.current;
    setPending(true);
    const render = async () => {
      if (ticket !== latest.current) return;
      // The first preview was asked for by boot.ts with the defaults, before this script loaded.
      const early = ticket === 1 && product === FIRST_PRODUCT && chosen.length === 0 && sameOptions(schema, raw, {}) ? takeFirstPreview() : undefined;
      let reply: DoneReply;
      if (early) reply = await early;
      else {
        const read = Object.fromEntries(await Promise.all(chosen.map(async ([option, file]) => [option, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }] as const)));
        reply = await renderer.request({ kind: 'document', product, options: raw, files: read });
      }
      if (ticket !== latest.current) return;
      if (!reply.ok) {
        setResult({ state: 'error', message: reply.message });
      } else {
        const { pages, count } = await drawPages(reply.bytes, 260, PREVIEW_PAGES);
        if (ticket !== latest.current) return;
        setResult({ state: 'ready', bytes: reply.bytes, fileName: reply.fileName, pages, count, millis: reply.millis });
      }
      setPending(false);
      setRenders((count) => count + 1);
    };
    if (!typing.current) {
      void run(render);
      return;
    }
    typing.current = false;
    const timer = setTimeout(() => void run(render), TYPING_MS);
    return () => clearTimeout(timer);
    // The key says everything the render depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const setValue = (name: string, value: unknown) => {
    const info = formOptions(schema).find((candidate) => candidate.key === name);
    typing.current = info !== undefined && !info.choices && info.type !== 'boolean';
    setValues((all) => ({ ...all, [product]: { ...all[product]!, [name]: value } }));
  };

  return (
    <div className="studio" data-state={pending ? 'rendering' : result.state} data-renders={renders}>
      <header>
        <h1>{t(lang, 'title')}</h1>
        <p>{t(lang, 'tagline')}</p>
        <label className="lang">
          {t(lang, 'language')}{' '}
          <select value={lang} onChange={(event) => setLang(event.target.value as Lang)}>
            <option value="en">English</option>
            <option value="ko">한국어</option>
          </select>
        </label>
      </header>
      <main>
        <section className="controls" aria-labelledby="options-heading">
          <fieldset className="products">
            <legend>{t(lang, 'product')}</legend>
            {PRODUCTS.map((p) => (
              <label key={p.name}>
                <input type="radio" name="product" value={p.name} checked={p.name === product} onChange={() => setProduct(p.name)} /> {productName(lang, p.name)}
              </label>
            ))}
          </fieldset>
          <h2 id="options-heading">{t(lang, 'options')}</h2>
          {/* Kept mounted while another product is shown: a batch runs on while the previews answer. */}
          <div hidden={isDocument}>
            <CertificatesPanel lang={lang} renderer={batchRenderer} schema={certificatesSchema} values={values.certificates!} setValue={(name, value) => setValues((all) => ({ ...all, certificates: { ...all.certificates!, [name]: value } }))} />
          </div>
          {isDocument && (
          <>
          <form onSubmit={(event) => event.preventDefault()}>
            {fileOptions(schema).map((info) => (
              <div className="field" key={`${product}-${info.key}`}>
                <label htmlFor={`option-${info.key}`}>{optionLabel(lang, info.key)}</label>
                <input
                  id={`option-${info.key}`}
                  type="file"
                  accept=".csv,.txt,.xlsx"
                  aria-describedby={`option-${info.key}-help`}
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    setFiles((all) => ({ ...all, [product]: { ...all[product], [info.key]: file } }));
                  }}
                />
                <small id={`option-${info.key}-help`}>
                  {info.meta.description}. {t(lang, 'readHere')}
                </small>
              </div>
            ))}
            {formOptions(schema).map((info) => (
              <OptionField key={`${product}-${info.key}`} lang={lang} info={info} value={values[product]![info.key]} onChange={(value) => setValue(info.key, value)} />
            ))}
          </form>
          <p>
            <button
              type="button"
              className="download"
              disabled={pending || result.state !== 'ready'}
              onClick={() => result.state === 'ready' && download(result.bytes, result.fileName)}
            >
              {t(lang, 'download')}
            </button>{' '}
            {result.state === 'ready' && <span className="file-name">{result.fileName}</span>}
          </p>
          </>
          )}
        </section>
        <section className="preview" aria-labelledby="preview-heading" aria-busy={pending} hidden={!isDocument}>
          <h2 id="preview-heading">{t(lang, 'preview')}</h2>
          <p role="status" className="status">
            {pending && t(lang, 'rendering')}
            {!pending && result.state === 'ready' && `${t(lang, 'ready')}: ${result.count} ${t(lang, 'pages')} · ${t(lang, 'renderedIn')} ${Math.round(result.millis)} ms`}
          </p>
          {!pending && result.state === 'error' && (
            <p role="alert" className="error">
              {t(lang, 'error')}: {result.message}
            </p>
          )}
          {result.state === 'ready' && (
            <ol className="pages">
              {result.pages.map((page, index) => (
                <li key={index}>
                  <img src={page.src} width={260} height={Math.round((260 * page.height) / page.width)} alt={`${t(lang, 'page')} ${index + 1}`} />
                </li>
              ))}
              {result.count > result.pages.length && (
                <li className="more">
                  +{result.count - result.pages.length} {t(lang, 'more')}
                </li>
              )}
            </ol>
          )}
        </section>
      </main>
    </div>
  );
}

/** Whether two sets of raw options parse to the same options (a bad value is never the same). */
function sameOptions(schema: OptionsSchema, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  try {
    return JSON.stringify(parseOptions(schema, a)) === JSON.stringify(parseOptions(schema, b));
  } catch {
    return false;
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Studio />
  </StrictMode>,
);
