import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeHash } from '../../src/core/code-hash.js';
import { PACKAGE_ROOT } from '../../src/core/files.js';
// @ts-expect-error the bundling scripts are plain JavaScript, without type declarations.
import { bundleMetafile, productCodeHashes } from '../../scripts/code-hashes.mjs';

type Hashes = Record<string, string>;
const hashesOf = productCodeHashes as (metafile: unknown, read?: (path: string) => Buffer | string) => Hashes;

describe("each product's code hash (scripts/code-hashes.mjs)", () => {
  let metafile: unknown;
  let now: Hashes;
  beforeAll(async () => {
    metafile = await (bundleMetafile as () => Promise<unknown>)();
    now = hashesOf(metafile);
  });

  /** The hashes with one file's content changed. */
  const withChange = (changed: string) => hashesOf(metafile, (path) => (path === changed ? 'changed' : readFileSync(join(PACKAGE_ROOT, path))));

  it('is what the sources make (src/core/code-hash.ts), one per product', async () => {
    expect(Object.keys(now).sort()).toEqual(['certificates', 'declaration', 'handout', 'poster', 'signing-sheet', 'social']);
    for (const product of Object.keys(now)) expect(await codeHash(product)).toBe(now[product]);
  });

  it("changes with a template for its products only, and with the pipeline for all", () => {
    const poster = withChange('templates/Poster.tsx');
    expect(poster.poster).not.toBe(now.poster);
    for (const product of ['declaration', 'signing-sheet', 'handout']) expect(poster[product], product).toBe(now[product]);
    const social = withChange('templates/Social.tsx');
    expect(Object.keys(now).filter((product) => social[product] !== now[product])).toEqual(['social']);
    // The certificates' page, and the writer that draws their names on it.
    for (const file of ['templates/Certificate.tsx', 'src/products/certificates/writer.ts']) {
      const certificate = withChange(file);
      expect(Object.keys(now).filter((product) => certificate[product] !== now[product]), file).toEqual(['certificates']);
    }
    // The declaration's template also lays out the signing sheet.
    const declaration = withChange('templates/Declaration.tsx');
    expect([declaration.declaration !== now.declaration, declaration['signing-sheet'] !== now['signing-sheet'], declaration.handout !== now.handout, declaration.poster !== now.poster]).toEqual([true, true, false, false]);
    const pipeline = withChange('src/render/pipeline.ts');
    for (const product of Object.keys(now)) expect(pipeline[product], product).not.toBe(now[product]);
    // A patched dependency is code too.
    const textkit = withChange('node_modules/@react-pdf/textkit/lib/textkit.js');
    for (const product of ['declaration', 'poster']) expect(textkit[product], product).not.toBe(now[product]);
  });
});
