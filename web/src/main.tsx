/**
 * The studio: pick a product and its options (the CLI's, read from the product records), see the
 * pages as they change, download the PDF under the CLI's file name. Rendering runs in a Web Worker.
 */
import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { describeOptions, type OptionInfo, type OptionsSchema } from '../../src/products/options.js';
import { DOCUMENT_SPECS } from '../../src/products/documents/index.js';
import { browserLang, optionLabel, productName, t, valueLabel, type Lang } from './i18n.js';
import { drawPages, type PreviewPage } from './preview.js';
import type { RenderReply, RenderRequest } from './protocol.js';
import './styles.css';

/** How long the form waits after a change before rendering again. */
const DEBOUNCE_MS = 250;
/** Pages the preview draws; the PDF holds them all. */
const PREVIEW_PAGES = 6;

/** Products in the menu, in the CLI's order. */
const PRODUCTS = DOCUMENT_SPECS.map((spec) => ({ name: spec.name, options: spec.options as OptionsSchema }));

/** The options a form shows: not files, not the press's own. */
function formOptions(schema: OptionsSchema): OptionInfo[] {
  return describeOptions(schema).filter((info) => !info.meta.hidden && !info.meta.path);
}

/** Each option at its default. */
function defaults(schema: OptionsSchema): Record<string, unknown> {
  return Object.fromEntries(formOptions(schema).map((info) => [info.key, info.default ?? (info.type === 'boolean' ? false : '')]));
}

/** The form's values as a program gives options: empty fields left out, numbers as numbers. */
function rawOptions(schema: OptionsSchema, values: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const info of formOptions(schema)) {
    const value = values[info.key];
    if (value === '' || value === undefined) continue;
    raw[info.key] = info.type === 'number' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  }
  return raw;
}

/** The render worker, and replies by request. */
class Renderer {
  private worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  private next = 1;
  private waiting = new Map<number, (reply: RenderReply) => void>();

  constructor() {
    this.worker.onmessage = (event: MessageEvent<RenderReply>) => {
      this.waiting.get(event.data.id)?.(event.data);
      this.waiting.delete(event.data.id);
    };
  }

  /** Renders a document product. */
  render(product: string, options: Record<string, unknown>): Promise<RenderReply> {
    const id = this.next++;
    const request: RenderRequest = { id, kind: 'document', product, options, base: document.baseURI };
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage(request);
    });
  }
}

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
  const renderer = useMemo(() => new Renderer(), []);
  const latest = useRef(0);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(lang, 'title');
  }, [lang]);

  const raw = rawOptions(schema, values[product]!);
  const key = JSON.stringify([product, raw]);
  useEffect(() => {
    const ticket = ++latest.current;
    setPending(true);
    const timer = setTimeout(async () => {
      const reply = await renderer.render(product, raw);
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
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // The key says everything the render depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const setValue = (name: string, value: unknown) => setValues((all) => ({ ...all, [product]: { ...all[product]!, [name]: value } }));

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
          <form onSubmit={(event) => event.preventDefault()}>
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
        </section>
        <section className="preview" aria-labelledby="preview-heading" aria-busy={pending}>
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

/** One option's control, labelled, with its allowed values from the record. */
function OptionField({ lang, info, value, onChange }: { lang: Lang; info: OptionInfo; value: unknown; onChange(value: unknown): void }) {
  const id = `option-${info.key}`;
  const help = `${id}-help`;
  const label = optionLabel(lang, info.key);
  if (info.type === 'boolean') {
    return (
      <div className="field check">
        <input id={id} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} aria-describedby={help} />
        <label htmlFor={id}>{label}</label>
        <small id={help}>{info.meta.description}</small>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {info.choices ? (
        <select id={id} value={String(value ?? '')} onChange={(event) => onChange(info.type === 'number' ? Number(event.target.value) : event.target.value)} aria-describedby={help}>
          {!info.required && info.default === undefined && <option value="">{t(lang, 'none')}</option>}
          {info.choices.map((choice) => (
            <option key={String(choice)} value={String(choice)}>
              {valueLabel(lang, choice)}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="text"
          inputMode={info.type === 'number' ? 'numeric' : undefined}
          value={String(value ?? '')}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={help}
        />
      )}
      <small id={help}>
        {info.meta.description}
        {info.meta.allowed ? ` (${info.meta.allowed})` : ''}
      </small>
    </div>
  );
}

/** Saves bytes under a file name (a link to a blob URL: nothing leaves the page). */
function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Studio />
  </StrictMode>,
);
