/**
 * `npm test`: the type-check and the layering check run beside the test suite, not before it.
 * Vitest's global setup builds the standard set on one core for its first seconds, and its last
 * test files leave a core idle: tsc and dependency-cruiser fill those gaps instead of adding their
 * own time in front. Their output is held and printed after the suite's, so the two do not mix;
 * the command fails if any of the three fails. Arguments go to vitest.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A package's script in this project's node_modules (their exports do not name their bins). */
const bin = (pkg, name) => fileURLToPath(new URL(`../node_modules/${pkg}/${name}`, import.meta.url));

/** Runs a node script, its output held when `quiet`, else passed through; resolves with its exit code and output. */
function run(script, args, quiet) {
  const child = spawn(process.execPath, [script, ...args], { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
  return new Promise((done) => child.on('close', (code, signal) => done({ code: code ?? (signal ? 1 : 0), output })));
}

const checks = (async () => {
  const tsc = await run(bin('typescript', 'bin/tsc'), ['--noEmit', '-p', '.'], true);
  if (tsc.code !== 0) return { name: 'tsc', ...tsc };
  const layers = await run(bin('dependency-cruiser', 'bin/dependency-cruise.mjs'), ['src', 'templates', 'web', '--config', '.dependency-cruiser.cjs'], true);
  return { name: 'dependency-cruiser', ...layers };
})();
const suite = await run(bin('vitest', 'vitest.mjs'), ['run', ...process.argv.slice(2)], false);
const { name, code, output } = await checks;
process.stdout.write(output);
if (code !== 0) console.error(`${name} failed (exit code ${code})`);
process.exit(suite.code || code);
