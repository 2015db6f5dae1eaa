/**
 * Do two versions make the same pages? Builds the standard set (data/manifest.json) from this
 * working tree and from a commit, renders every page of every file with poppler's pdftoppm, and
 * compares the pixels. Written to prove that tagging (issue 13) moved nothing:
 *
 *   npx tsx scripts/same-pixels.ts 0137052            # the commit before tagging, at 100 dpi
 *   npx tsx scripts/same-pixels.ts 0137052 --dpi 150
 *
 * Prints one line per file (same, or each page that differs: how many pixels, by how much at
 * most, where) and exits 1 when a page differs. The commit is checked out with `git archive` into
 * a temporary folder that borrows this tree's node_modules (its react-pdf patches do nothing for
 * a template that asks for no tagging). Needs git and poppler-utils.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const dpiAt = args.indexOf('--dpi');
const dpi = dpiAt >= 0 ? Number(args[dpiAt + 1]) : 100;
const base = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--dpi');
if (!base || !Number.isFinite(dpi) || dpi <= 0) {
  console.error('usage: npx tsx scripts/same-pixels.ts <commit> [--dpi N]');
  process.exit(2);
}

const here = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'dp-same-pixels-'));

/** Runs a command, failing loudly. */
function run(command: string, argv: string[], cwd: string, input?: Buffer): Buffer {
  const result = spawnSync(command, argv, { cwd, input, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')}: ${result.stderr?.toString() || result.error?.message}`);
  return result.stdout;
}

/** Builds the standard set of the tree at `root` into `out`. */
function build(root: string, out: string): void {
  const script = join(root, '.same-pixels-build.mts');
  writeFileSync(script, `import { buildManifest, DEFAULT_MANIFEST } from './src/batch/build.js';\n` +
    `const results = await buildManifest(DEFAULT_MANIFEST, { outDir: ${JSON.stringify(out)} });\n` +
    `const failed = results.filter((r) => r.error);\nif (failed.length) { console.error(failed.map((r) => r.error.message).join('\\n')); process.exit(1); }\n`);
  try {
    run('npx', ['tsx', script], root);
  } finally {
    rmSync(script, { force: true });
  }
}

/** Every PDF under a folder, by its path in it. */
function pdfs(dir: string): string[] {
  const walk = (at: string): string[] => readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.pdf') ? [relative(dir, path)] : [];
  });
  return walk(dir).sort();
}

/** Each page of a PDF as pdftoppm paints it: width, height and RGB bytes. */
function pages(file: string, into: string): { width: number; height: number; rgb: Buffer }[] {
  mkdirSync(into, { recursive: true });
  run('pdftoppm', ['-r', String(dpi), file, join(into, 'p')], here);
  return readdirSync(into).sort().map((name) => {
    const bytes = readFileSync(join(into, name));
    // P6 <width> <height> 255\n<rgb…>
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
    return { width: Number(header[1]), height: Number(header[2]), rgb: bytes.subarray(header[0].length) };
  });
}

try {
  const old = join(work, 'tree');
  mkdirSync(old);
  run('tar', ['-x', '-C', old], here, run('git', ['archive', base], here));
  symlinkSync(join(here, 'node_modules'), join(old, 'node_modules'));
  console.log(`building the standard set at ${base} and in this tree…`);
  build(old, join(work, 'before'));
  build(here, join(work, 'after'));
  const before = pdfs(join(work, 'before'));
  const after = pdfs(join(work, 'after'));
  let differ = 0;
  for (const name of [...new Set([...before, ...after])].sort()) {
    if (!before.includes(name) || !after.includes(name)) {
      console.log(`${name}: only ${before.includes(name) ? 'before' : 'after'}`);
      differ++;
      continue;
    }
    const [a, b] = [pages(join(work, 'before', name), join(work, 'px', 'a', name)), pages(join(work, 'after', name), join(work, 'px', 'b', name))];
    const notes: string[] = [];
    if (a.length !== b.length) notes.push(`${a.length} pages, then ${b.length}`);
    for (let p = 0; p < Math.min(a.length, b.length); p++) {
      const [x, y] = [a[p]!, b[p]!];
      if (x.width !== y.width || x.height !== y.height) {
        notes.push(`page ${p + 1}: ${x.width}x${x.height} px, then ${y.width}x${y.height}`);
        continue;
      }
      let count = 0;
      let most = 0;
      let box = [Infinity, Infinity, -1, -1];
      for (let i = 0; i < x.rgb.length; i++) {
        const delta = Math.abs(x.rgb[i]! - y.rgb[i]!);
        if (delta === 0) continue;
        most = Math.max(most, delta);
        const pixel = Math.floor(i / 3);
        const [px, py] = [pixel % x.width, Math.floor(pixel / x.width)];
        box = [Math.min(box[0]!, px), Math.min(box[1]!, py), Math.max(box[2]!, px), Math.max(box[3]!, py)];
        count++;
      }
      if (count > 0) notes.push(`page ${p + 1}: ${count} channel values differ, by ${most}/255 at most, within x ${box[0]}–${box[2]}, y ${box[1]}–${box[3]} px`);
    }
    if (notes.length > 0) differ++;
    console.log(`${name}: ${notes.length === 0 ? `same (${a.length} page${a.length === 1 ? '' : 's'} at ${dpi} dpi)` : notes.join('; ')}`);
  }
  console.log(differ === 0 ? 'every page the same' : `${differ} file(s) differ`);
  process.exitCode = differ === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
