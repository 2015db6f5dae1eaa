/** The studio's shared pieces: the options' controls, saving a file. */
import { describeOptions, type OptionInfo, type OptionsSchema } from '../../src/products/options.js';
import { optionLabel, t, valueLabel, type Lang } from './i18n.js';

/**
 * Options of a disk or a key store, which a page has none of: --force rewrites files a rerun would
 * skip; signing (--key, --sign-p12 and --sign-pass-env) is the CLI's (a private key stays there).
 */
const DISK_ONLY = new Set(['force', 'signPassEnv']);

/** The options a form shows: not files (the page picks those itself), not the press's own. */
export function formOptions(schema: OptionsSchema): OptionInfo[] {
  return describeOptions(schema).filter((info) => !info.meta.hidden && !info.meta.path && !DISK_ONLY.has(info.key));
}

/** The options that name a file to read (the declaration's signatory list): a file picker each. */
export function fileOptions(schema: OptionsSchema): OptionInfo[] {
  return describeOptions(schema).filter((info) => !info.meta.hidden && info.meta.path === 'input');
}

/** Each option at its default. */
export function defaults(schema: OptionsSchema): Record<string, unknown> {
  return Object.fromEntries(formOptions(schema).map((info) => [info.key, info.default ?? (info.type === 'boolean' ? false : '')]));
}

/** The form's values as a program gives options: empty fields left out, numbers as numbers. */
export function rawOptions(schema: OptionsSchema, values: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const info of formOptions(schema)) {
    const value = values[info.key];
    if (value === '' || value === undefined) continue;
    raw[info.key] = info.type === 'number' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  }
  return raw;
}

/** One option's control, labelled, with its allowed values from the record. */
export function OptionField({ lang, info, value, onChange, prefix = 'option' }: { lang: Lang; info: OptionInfo; value: unknown; onChange(value: unknown): void; prefix?: string }) {
  const id = `${prefix}-${info.key}`;
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
export function download(bytes: Uint8Array, fileName: string): void {
  const type = fileName.endsWith('.zip') ? 'application/zip' : 'application/pdf';
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

