// `npm run pictures`: the README's pictures (docs/*.png), each made by the CLI itself with
// `--format png`, so a picture is always what the command makes today. Each command writes into a
// scratch folder; the page the README shows is copied to docs/. Run it after a change to a layout.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'declaration-press.js');
const docs = join(root, 'docs');

// [picture in docs/, the page it shows, the command]. Documents at 72 dpi (an A4 page 595 px wide,
// shown at 300: sharp on a high-density screen), the poster at 36 dpi (its trim, 595 px wide), the
// cards at 36 dpi (half their pixels).
const PICTURES = [
  ['declaration-a4.png', 1, ['declaration', '--paper', 'a4', '--dpi', '72']],
  ['signing-sheet-a4.png', 1, ['signing-sheet', '--paper', 'a4', '--dpi', '72']],
  ['poster-a2.png', 1, ['poster', '--size', 'a2', '--dpi', '36']],
  ['handout-a4.png', 1, ['handout', '--paper', 'a4', '--dpi', '72']],
  ['certificate-a4.png', 1, ['certificates', '--signatories', join(root, 'data', 'signatories.sample.csv'), '--dpi', '72']],
  ['social-square-mottos.png', 1, ['social', '--size', 'square', '--content', 'mottos', '--dpi', '36']],
  ['social-portrait-directive-1.png', 1, ['social', '--size', 'portrait', '--content', 'directive-1', '--dpi', '36']],
  ['social-story-slogan.png', 1, ['social', '--size', 'story', '--content', 'slogan', '--dpi', '36']],
  ['social-link-call.png', 1, ['social', '--size', 'link', '--content', 'call', '--dpi', '36']],
];

const scratch = mkdtempSync(join(tmpdir(), 'dp-pictures-'));
try {
  for (const [name, page, argv] of PICTURES) {
    const dir = join(scratch, name.replace(/\.png$/, ''));
    // The certificates write a combined file; every other product its --out.
    const out = argv[0] === 'certificates' ? ['--combined', join(dir, 'page.png')] : ['--out', join(dir, 'page.png')];
    execFileSync(process.execPath, [cli, ...argv, '--format', 'png', ...out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const files = readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const file = files.length === 1 ? files[0] : files.find((candidate) => candidate === `page-${page}.png`);
    if (!file) throw new Error(`${name}: no page ${page} among ${files.join(', ')}`);
    copyFileSync(join(dir, file), join(docs, name));
    console.log(`docs/${name}  (${argv.join(' ')}, page ${page})`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
