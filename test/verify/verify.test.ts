/**
 * Signed certificates end to end: keys, the QR code on the printed page, `verify` (signature, the
 * page's text, revocation), the register, and bad input.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import jsQR from 'jsqr';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDF_CLAIM_KEY } from '../../src/core/claim.js';
import { DATA_DIR, PACKAGE_ROOT } from '../../src/core/files.js';
import { mm } from '../../src/core/units.js';
import { QR_MODULE_MIN } from '../../src/layout/certificate-layout.js';
import { mergeRegister, readRegister } from '../../src/products/certificates/register.js';
import { cliNodeArgs } from '../../src/batch/pool.js';
import { cli } from '../helpers/cli.js';
import { describeRun, overlappingRuns, readGlyphRuns, smallRuns, wrongFaceRuns } from '../helpers/typography.js';

const temp = () => mkdtemp(join(tmpdir(), 'dp-verify-'));
const SAMPLE = join(DATA_DIR, 'signatories.sample.csv');
const HEADER = 'name_ko,name_en,role_ko,role_en\n';
/** Rows of every shape: both names, one name, long names, a long role. */
const ROWS = [
  '홍길동,Hong Gil-dong,견본 서명자,Sample signatory',
  ',José Martínez,,',
  '남궁사랑하나별빛가득한마음,,,',
  '알렉산드리나 콘스탄티노풀루파파디미트리우,Alexandrina Konstantinopoulou-Papadimitriou,북한인권시민연합 사무국장,"Secretary General, Citizens\' Alliance for North Korean Human Rights"',
];

let keys: string;
let out: string;

beforeAll(async () => {
  keys = join(await temp(), 'keys');
  expect((await cli('keys', 'init', '--out', keys)).code).toBe(0);
  const dir = await temp();
  await writeFile(join(dir, 'list.csv'), HEADER + ROWS.join('\n') + '\n');
  out = join(dir, 'out');
  const made = await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', out, '--key', join(keys, 'issuer.key'));
  expect(made.stderr).toContain('4 made');
  expect(made.code).toBe(0);
});

const pdfsIn = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.pdf')).sort().map((name) => join(dir, name));

/**
 * Renders page 1 as a printed page photographed or scanned at `dpi` and decodes the QR code in
 * its lower left quarter with jsQR: what a phone does with the paper. Only that quarter is drawn.
 */
async function scanQr(bytes: Uint8Array, dpi: number): Promise<{ text: string; moduleMm: number } | undefined> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(1);
    const whole = page.getViewport({ scale: dpi / 72 });
    const y = Math.floor(whole.height / 2);
    const [width, height] = [Math.floor(whole.width / 2), Math.floor(whole.height) - y];
    const viewport = page.getViewport({ scale: dpi / 72, offsetY: -y });
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } } }).canvasFactory;
    const { canvas, context } = factory.create(width, height);
    await page.render({ canvasContext: context, viewport, canvas: canvas as HTMLCanvasElement }).promise;
    const region = context.getImageData(0, 0, width, height);
    const found = jsQR(region.data, region.width, region.height, { inversionAttempts: 'dontInvert' });
    if (!found) return undefined;
    const { topLeftCorner: a, topRightCorner: b } = found.location;
    // The finder patterns' centres are 3.5 modules in from each edge.
    const modules = (found.version - 1) * 4 + 21;
    const modulePx = Math.hypot(b.x - a.x, b.y - a.y) / (modules - 7);
    return { text: found.data, moduleMm: (modulePx / dpi) * 25.4 };
  } finally {
    await doc.destroy();
  }
}

describe('keys init', () => {
  it('makes an Ed25519 pair, the private key readable by its owner only, and never overwrites it without --force', async () => {
    const key = await readFile(join(keys, 'issuer.key'), 'utf8');
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(join(keys, 'issuer.key'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(keys, 'issuer.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await cli('keys', 'init', '--out', keys);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/issuer\.key: already exists.*--force/);
    expect(await readFile(join(keys, 'issuer.key'), 'utf8')).toBe(key);
    const forced = await cli('keys', 'init', '--out', join(keys, '..', 'other'), '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/key fingerprint: [0-9A-F]{4}( [0-9A-F]{4}){3}/);
  });
});

describe('signed certificates', () => {
  it('are VALID, one line each, exit 0; --json says the same', async () => {
    const files = await pdfsIn(out);
    const result = await cli('verify', ...files, '--key', join(keys, 'issuer.pub'));
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(ROWS.length);
    for (const line of lines) expect(line).toMatch(/^VALID {4}\S+\.pdf {2}[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4} {2}/);
    expect(result.stdout).toContain('홍길동 / Hong Gil-dong');
    const json = JSON.parse((await cli('verify', ...files, '--key', join(keys, 'issuer.pub'), '--json')).stdout);
    expect(json.map((r: { valid: boolean }) => r.valid)).toEqual(files.map(() => true));
    expect(json[0].claim).toMatchObject({ eventEn: 'on July 22, 2024, in Washington', date: '2024-07-22' });
  });

  it('print their ID and a QR code that scans from the printed A4 page, modules at least 0.5 mm, to a VALID link', async () => {
    const register = await readRegister(out);
    for (const file of await pdfsIn(out)) {
      const bytes = await readFile(file);
      // 200 dpi: a phone's photo of the page at arm's length, or an office scan.
      const scanned = await scanQr(bytes, 200);
      expect(scanned, file).toBeDefined();
      expect(scanned!.text).toMatch(/^https:\/\/example\.org\/verify#[A-Za-z0-9_-]+$/);
      expect(scanned!.moduleMm).toBeGreaterThanOrEqual(0.49);
      const link = await cli('verify', '--url', scanned!.text, '--key', join(keys, 'issuer.pub'));
      expect(link.stdout, file).toMatch(/^VALID /);
      const id = /VALID\s+\S+\s+(\S+)/.exec(link.stdout)![1]!;
      expect(register.find((row) => row.id === id)?.file).toBe(file.split('/').at(-1));
      const runs = await readGlyphRuns(new Uint8Array(bytes));
      expect(runs.map((run) => run.str).join('')).toContain(`ID ${id}`);
      expect(smallRuns(runs).map(describeRun)).toEqual([]);
      expect(wrongFaceRuns(runs).map(describeRun)).toEqual([]);
      expect(overlappingRuns(runs).filter(([a, b]) => [a, b].some((run) => run.str.startsWith('ID '))).map(([a, b]) => `${describeRun(a)} / ${describeRun(b)}`)).toEqual([]);
    }
    expect(QR_MODULE_MIN).toBeCloseTo(mm(0.5), 6);
  });

  it.each([
    ['a4', 'portrait'],
    ['letter', 'landscape'],
    ['letter', 'portrait'],
  ])('scan on %s %s too', async (paper, orientation) => {
    const dir = await temp();
    const result = await cli('certificates', '--signatories', SAMPLE, '--out', dir, '--paper', paper, '--orientation', orientation, '--key', join(keys, 'issuer.key'));
    expect(result.code, result.stderr).toBe(0);
    const [first] = await pdfsIn(dir);
    const scanned = await scanQr(await readFile(first!), 200);
    expect(scanned?.text).toMatch(/#[A-Za-z0-9_-]{150,}$/);
    expect((await cli('verify', first!, '--url', scanned!.text, '--key', join(keys, 'issuer.pub'))).code).toBe(0);
  });

  it('are reproducible: the same list and key give the same bytes', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'list.csv'), HEADER + ROWS.join('\n') + '\n');
    await cli('certificates', '--signatories', join(dir, 'list.csv'), '--out', join(dir, 'again'), '--key', join(keys, 'issuer.key'));
    for (const file of await pdfsIn(out)) expect(Buffer.compare(await readFile(file), await readFile(join(dir, 'again', file.split('/').at(-1)!))), file).toBe(0);
  });
});

describe('verify finds', () => {
  const verify = (...args: string[]) => cli('verify', ...args, '--key', join(keys, 'issuer.pub'));

  it('a page edited under an intact claim (PAGE_MISMATCH), a changed claim (BAD_SIGNATURE), another key, an unsigned certificate', async () => {
    const [a, b] = await pdfsIn(out);
    const dir = await temp();
    // b's page with a's claim: the signature holds, the names drawn are not the claim's.
    const claimOf = async (file: string) => {
      const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false });
      // pdf-lib keeps its Info dictionary private: the claim is an entry of it.
      const info = (doc as unknown as { getInfoDict(): PDFDict }).getInfoDict();
      return { info, doc, claim: (info.lookup(PDFName.of(PDF_CLAIM_KEY)) as PDFString).asString() };
    };
    const { claim } = await claimOf(a!);
    const edited = await claimOf(b!);
    edited.info.set(PDFName.of(PDF_CLAIM_KEY), PDFString.of(claim));
    await writeFile(join(dir, 'edited.pdf'), await edited.doc.save());
    // One character of the claim changed.
    const bytes = await readFile(a!);
    const at = bytes.indexOf(`/${PDF_CLAIM_KEY} (`) + PDF_CLAIM_KEY.length + 40;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    await writeFile(join(dir, 'changed.pdf'), bytes);
    const unsigned = join(dir, 'unsigned');
    await cli('certificates', '--signatories', SAMPLE, '--out', unsigned);
    const [plain] = await pdfsIn(unsigned);
    const result = await verify(a!, join(dir, 'edited.pdf'), join(dir, 'changed.pdf'), plain!);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^VALID /);
    expect(lines[1]).toMatch(/^INVALID .*edited\.pdf {2}PAGE_MISMATCH: the page does not show the claim's/);
    expect(lines[2]).toMatch(/^INVALID .*changed\.pdf {2}(BAD_SIGNATURE|BAD_CLAIM):/);
    expect(lines[3]).toMatch(/^INVALID .* NO_CLAIM:/);
    expect(result.stderr).toContain('3 of 4 certificate(s) are not valid');
    // Another issuer's key.
    const other = join(dir, 'other.pub');
    await writeFile(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const foreign = await cli('verify', a!, '--key', other);
    expect(foreign.stdout).toMatch(/^INVALID .* BAD_SIGNATURE:/);
  });

  it('a revoked ID, from a list of IDs or from register.csv lines', async () => {
    const [a, b] = await pdfsIn(out);
    const register = await readRegister(out);
    const idOf = (file: string) => register.find((row) => file.endsWith(`/${row.file}`))!.id;
    const dir = await temp();
    await writeFile(join(dir, 'revoked.txt'), `# revoked by the organisers\n${idOf(a!).toLowerCase().replaceAll('-', '')}\n`);
    const result = await verify(a!, b!, '--revoked', join(dir, 'revoked.txt'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^INVALID .* REVOKED: the issuer revoked certificate ${idOf(a!)}`));
    expect(result.stdout.split('\n')[1]).toMatch(/^VALID /);
    const lines = (await readFile(join(out, 'register.csv'), 'utf8')).split('\r\n');
    await writeFile(join(dir, 'from-register.csv'), [lines[0], lines.find((line) => line.startsWith(idOf(b!)))].join('\n'));
    expect((await verify(b!, '--revoked', join(dir, 'from-register.csv'))).stdout).toMatch(/REVOKED/);
    await writeFile(join(dir, 'bad.txt'), 'not an id at all\n');
    const bad = await verify(b!, '--revoked', join(dir, 'bad.txt'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.txt:1: "not" is not a certificate ID/);
  });

  it('a link with one changed byte, and one cut short, by name', async () => {
    const [a] = await pdfsIn(out);
    const url = (await scanQr(await readFile(a!), 200))!.text;
    const hash = url.indexOf('#');
    // One byte of the payload changed: the first character of the name's bytes.
    const at = hash + 1 + 16;
    const changed = url.slice(0, at) + (url[at] === 'A' ? 'B' : 'A') + url.slice(at + 1);
    const result = await verify('--url', changed, '--url', url.slice(0, url.length - 30), '--url', url.slice(0, hash));
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^INVALID .* (BAD_SIGNATURE|BAD_CLAIM): /);
    expect(lines[1]).toMatch(/^INVALID .* BAD_CLAIM: TRUNCATED: /);
    expect(lines[2]).toMatch(/^INVALID .* NO_CLAIM: /);
  });
});

describe('bad input', () => {
  it('a missing key, a public key to sign with, an RSA key: a clear error, nothing written', async () => {
    const dir = await temp();
    const rsa = join(dir, 'rsa.pem');
    await writeFile(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const cases: [string, RegExp][] = [
      [join(dir, 'none.key'), /none\.key: no such file/],
      [join(keys, 'issuer.pub'), /issuer\.pub: --key: is a public key; allowed: the private key/],
      [rsa, /rsa\.pem: --key: is an RSA key; allowed: an Ed25519 private key/],
    ];
    for (const [key, message] of cases) {
      const result = await cli('certificates', '--signatories', SAMPLE, '--out', join(dir, 'out'), '--key', key);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
      await expect(stat(join(dir, 'out'))).rejects.toThrow();
    }
    const verifyWithPrivate = await cli('verify', '--url', 'https://example.org/verify#AQ', '--key', rsa);
    expect(verifyWithPrivate.stderr).toMatch(/is an RSA key; allowed: an Ed25519 public key/);
  });
});

describe('the register', () => {
  it('lists each signed certificate once: ID, names, role, file, date of issue; a rerun adds no duplicate', async () => {
    const rows = await readRegister(out);
    expect(rows).toHaveLength(ROWS.length);
    expect(rows.find((row) => row.nameKo === '홍길동')).toMatchObject({ nameEn: 'Hong Gil-dong', roleKo: '견본 서명자', roleEn: 'Sample signatory', file: 'Hong-Gil-dong.pdf', issued: '2024-07-22' });
    expect(rows.find((row) => row.nameEn.startsWith('Alexandrina'))?.roleEn).toBe("Secretary General, Citizens' Alliance for North Korean Human Rights");
    const text = await readFile(join(out, 'register.csv'), 'utf8');
    expect(text.startsWith('\uFEFFid,name_ko,name_en,role_ko,role_en,file,issued\r\n')).toBe(true);
  });

  it('merges shards run at the same time on one folder, and a resumed run, without duplicates', async () => {
    const dir = await temp();
    const list = join(dir, 'list.csv');
    await writeFile(list, `${HEADER}${Array.from({ length: 8 }, (_, i) => `,Signer ${i},,`).join('\n')}\n`);
    const shared = join(dir, 'out');
    const shard = (index: number) =>
      new Promise<number>((done) => {
        const child = spawn(
          process.execPath,
          cliNodeArgs(['certificates', '--signatories', list, '--out', shared, '--key', join(keys, 'issuer.key'), '--shard', `${index}/2`]),
          { cwd: PACKAGE_ROOT, stdio: 'ignore' },
        );
        child.on('exit', (code) => done(code ?? 1));
      });
    expect(await Promise.all([shard(1), shard(2)])).toEqual([0, 0]);
    const rows = await readRegister(shared);
    expect(rows.map((row) => row.nameEn).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `Signer ${i}`).sort());
    expect((await readdir(shared)).filter((name) => name.includes('lock') || name.includes('.tmp-'))).toEqual([]);
    // Resumed: every certificate skipped, every one still registered once.
    const again = await cli('certificates', '--signatories', list, '--out', shared, '--key', join(keys, 'issuer.key'));
    expect(again.stderr).toContain('0 made, 8 skipped');
    expect(await readRegister(shared)).toEqual(rows);
  });

  it("takes over a lock a dead process of this host left, and waits for a live one's", async () => {
    const dir = await temp();
    const row = { id: 'AAAA-BBBB-CCCC', nameKo: '', nameEn: 'n', roleKo: '', roleEn: '', file: 'n.pdf', issued: '2024-07-22' };
    // A process id no process has (above Linux's pid_max).
    await writeFile(join(dir, 'register.csv.lock'), `${hostname()} 99999999\n`);
    await mergeRegister(dir, [row]);
    expect(await readRegister(dir)).toEqual([row]);
    expect((await readdir(dir)).includes('register.csv.lock')).toBe(false);
    // A live holder (this process): the merge waits until the lock is gone.
    await writeFile(join(dir, 'register.csv.lock'), `${hostname()} ${process.pid}\n`);
    let merged = false;
    const merging = mergeRegister(dir, [{ ...row, id: 'AAAA-BBBB-CCCD' }]).then(() => (merged = true));
    await new Promise((done) => setTimeout(done, 150));
    expect(merged).toBe(false);
    await rm(join(dir, 'register.csv.lock'));
    await merging;
    expect(await readRegister(dir)).toHaveLength(2);
  });

  it('is merged under a lock: processes merging at the same time lose no row', async () => {
    const dir = await temp();
    const script = join(dir, 'merge.mts');
    await writeFile(
      script,
      `import { mergeRegister } from ${JSON.stringify(join(PACKAGE_ROOT, 'src/products/certificates/register.ts'))};\n` +
        `const p = process.argv[2];\n` +
        `for (let i = 0; i < 15; i++) await mergeRegister(${JSON.stringify(dir)}, [{ id: 'ID-' + p + '-' + i, nameKo: '', nameEn: 'n', roleKo: '', roleEn: '', file: p + '-' + i + '.pdf', issued: '2024-07-22' }]);\n`,
    );
    // Bundled once with esbuild and run by plain node: through tsx each process costs about 0.6 s
    // more of CPU. The bundle lives in a temporary folder, so files.ts is told where it came from
    // (its import.meta.url finds the package's root, and it is the bundle's only one).
    const bundled = join(dir, 'merge.mjs');
    await build({
      entryPoints: [script],
      outfile: bundled,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, 'src/core/files.ts')).href) },
    });
    const run = (p: number) =>
      new Promise<number>((done) => {
        const child = spawn(process.execPath, [bundled, String(p)], { cwd: PACKAGE_ROOT, stdio: 'ignore' });
        child.on('exit', (code) => done(code ?? 1));
      });
    expect(await Promise.all([1, 2, 3, 4].map(run))).toEqual([0, 0, 0, 0]);
    expect(await readRegister(dir)).toHaveLength(60);
  });
});
