/**
 * The certificates: a signatory list chosen or dropped (read here, never uploaded), the CLI's
 * options, a progress bar while the batch runs in its own worker, the rows with errors listed by
 * line, column and reason, and a ZIP of separate PDFs or one combined PDF to download.
 */
import { useState } from 'react';
import type { OptionsSchema } from '../../src/products/options.js';
import type { RowResult } from '../../src/products/certificates/in-memory.js';
import { download, formOptions, OptionField, rawOptions } from './controls.js';
import type { Renderer } from './renderer.js';
import { t, type Lang } from './i18n.js';

/** Where the batch is. */
type Batch =
  | { state: 'idle' }
  | { state: 'running'; done: number; total: number }
  | { state: 'done'; bytes: Uint8Array; fileName: string; made: number; failed: RowResult[]; millis: number }
  | { state: 'error'; message: string };

/** A row's message split into its column and reason: "file.csv:3: name_en: is empty; allowed: …". */
function splitReason(row: RowResult): { column: string; reason: string } {
  const message = row.error ?? '';
  const rest = message.startsWith(`${row.origin}: `) ? message.slice(row.origin.length + 2) : message;
  const match = /^([a-z_]+(?: \(column \d+\))?): (.*)$/s.exec(rest);
  if (match) return { column: match[1]!, reason: match[2]! };
  // "name_ko and name_en are both empty; …": the columns the reason starts with.
  const named = /^([a-z]+_[a-z]+(?: and [a-z]+_[a-z]+)*) (?:is|are) /.exec(rest);
  return { column: named?.[1] ?? '', reason: rest };
}

/** The certificates' panel. */
export function CertificatesPanel({ lang, renderer, schema, values, setValue }: { lang: Lang; renderer: Renderer; schema: OptionsSchema; values: Record<string, unknown>; setValue(name: string, value: unknown): void }) {
  const [list, setList] = useState<File | undefined>();
  const [output, setOutput] = useState<'zip' | 'combined'>('zip');
  const [batch, setBatch] = useState<Batch>({ state: 'idle' });
  const [dragging, setDragging] = useState(false);

  const make = async () => {
    if (!list) return;
    setBatch({ state: 'running', done: 0, total: 0 });
    const bytes = new Uint8Array(await list.arrayBuffer());
    const reply = await renderer.request({ kind: 'certificates', options: rawOptions(schema, values), list: { name: list.name, bytes }, output }, (done, total) =>
      setBatch({ state: 'running', done, total }),
    );
    setBatch(reply.ok ? { state: 'done', bytes: reply.bytes, fileName: reply.fileName, made: reply.made ?? 0, failed: reply.failed ?? [], millis: reply.millis } : { state: 'error', message: reply.message });
  };

  return (
    <div className="certificates" data-batch={batch.state}>
      <div
        className={`drop${dragging ? ' over' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const file = event.dataTransfer.files[0];
          if (file) setList(file);
        }}
      >
        <label htmlFor="cert-signatories">{t(lang, 'list')}</label>
        <input id="cert-signatories" type="file" accept=".csv,.txt,.xlsx" aria-describedby="list-help" onChange={(event) => setList(event.target.files?.[0])} />
        <small id="list-help">{t(lang, 'listHelp')}</small>
      </div>
      <form onSubmit={(event) => event.preventDefault()}>
        {formOptions(schema).map((info) => (
          <OptionField key={info.key} prefix="cert" lang={lang} info={info} value={values[info.key]} onChange={(value) => setValue(info.key, value)} />
        ))}
        <fieldset>
          <legend>{t(lang, 'output')}</legend>
          <label>
            <input type="radio" name="output" value="zip" checked={output === 'zip'} onChange={() => setOutput('zip')} /> {t(lang, 'zip')}
          </label>
          <label>
            <input type="radio" name="output" value="combined" checked={output === 'combined'} onChange={() => setOutput('combined')} /> {t(lang, 'combinedPdf')}
          </label>
        </fieldset>
      </form>
      <p>
        <button type="button" onClick={make} disabled={!list || batch.state === 'running'}>
          {t(lang, 'make')}
        </button>
      </p>
      {batch.state === 'running' && (
        <p>
          <label htmlFor="batch-progress">{t(lang, 'progress')}</label>
          <progress id="batch-progress" max={batch.total || 1} value={batch.done} />
          <span role="status">{batch.total ? `${batch.done} / ${batch.total}` : t(lang, 'rendering')}</span>
        </p>
      )}
      {batch.state === 'error' && (
        <p role="alert" className="error">
          {t(lang, 'error')}: {batch.message}
        </p>
      )}
      {batch.state === 'done' && (
        <>
          <p role="status" className="batch-done">
            {t(lang, 'made')}: {batch.made} · {t(lang, 'failedRows')}: {batch.failed.length} · {(batch.millis / 1000).toFixed(1)} s
          </p>
          <p>
            <button type="button" className="download" onClick={() => download(batch.bytes, batch.fileName)}>
              {t(lang, 'downloadFile')} {batch.fileName}
            </button>
          </p>
        </>
      )}
      {batch.state === 'done' && batch.failed.length > 0 && (
        <table className="row-errors">
          <caption>{t(lang, 'rowsWithErrors')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'line')}</th>
              <th scope="col">{t(lang, 'column')}</th>
              <th scope="col">{t(lang, 'reason')}</th>
            </tr>
          </thead>
          <tbody>
            {batch.failed.map((row) => {
              const { column, reason } = splitReason(row);
              return (
                <tr key={row.line}>
                  <td>{row.line}</td>
                  <td>{column}</td>
                  <td>{reason}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
