/**
 * `npm test`: the type-check and the layering check run beside the test suite, not before it.
 * Vitest's global setup builds the standard set on one core for its first seconds, and its last
 * test files leave a core idle: tsc and dependency-cruiser fill those gaps instead of adding their
 * own time in front. Their output is held and printed after the suite's, so the two do not mix;
 * the command fails if any of the three fails. Arguments go to vitest.
 *
 * Both keep what they learnt in node_modules/.cache/declaration-press/ (tsc's --incremental build
 * info, dependency-cruiser's cache of modules by content): a run after a small edit checks again
 * what the edit can change, about 6 s of CPU instead of 20 s. Both tools compare every file with
 * what they recorded, so a stale cache costs time, never a missed error; a fresh clone checks all.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A package's script in this project's node_modules (their exports do not name their bins). */
const bin = (pkg, name) => fileURLToPath(new URL(`../node_modules/${pkg}/${name}`, import.meta.url));

/**
 * The environment of the three: this one's without NODE_EXTRA_CA_CERTS, which only TLS connections
 * use (none is opened here) and which costs every node the tests start 100 ms on the 2-core
 * machine, where it names the system's certificates (see bin/launch.cjs, childEnv).
 */
const { NODE_EXTRA_CA_CERTS, ...env } = process.env;

/** Runs a node script, its output held when `quiet`, else passed through; resolves with its exit code and output. */
function run(script, args, quiet) {
  const child = spawn(process.execPath, [script, ...args], { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
  let output = '';
  if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
  return new Promise((done) => child.on('close', (code, signal) => done({ code: code ?? (signal ? 1 : 0), output })));
}

/** Where the checks keep their caches. */
const cache = (name) => fileURLToPath(new URL(`../node_modules/.cache/declaration-press/${name}`, import.meta.url));

const checks = (async () => {
  const tsc = await run(bin('typescript', 'bin/tsc'), ['--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', cache('tsc.tsbuildinfo')], true);
  if (tsc.code !== 0) return { name: 'tsc', ...tsc };
  const layers = await run(
    bin('dependency-cruiser', 'bin/dependency-cruise.mjs'),
    ['src', 'templates', 'web', '--config', '.dependency-cruiser.cjs', '--cache', cache('dependency-cruiser'), '--cache-strategy', 'content'],
    true,
  );
  return { name: 'dependency-cruiser', ...layers };
})();
const suite = await run(bin('vitest', 'vitest.mjs'), ['run', ...process.argv.slice(2)], false);
const { name, code, output } = await checks;
process.stdout.write(output);
if (code !== 0) console.error(`${name} failed (exit code ${code})`);
process.exit(suite.code || code);
