// Appended to the bundle (dist/press.cjs) by scripts/bundle.mjs: how the bundle starts.
//  - Built into a V8 start-up snapshot (scripts/snapshot.mjs): everything above has run, the
//    modules are loaded and src/cli/snapshot.ts has run (fonts parsed, code compiled); the
//    snapshot's main runs the CLI when node
//    starts from it (`node --snapshot-blob dist/press.blob <command> …`: argv[1] is the command),
//    or, started as a build's standby (bin/launch.cjs), the command it is given on stdin.
//  - Run as a program (`node dist/press.cjs <command> …`): runs the CLI.
//  - Required (the library): V8 tuned as for a command (tuneV8) unless DECLARATION_PRESS_TUNE_V8=0;
//    bin/declaration-press.js without a snapshot then runs the CLI through runCommandLine, as here.
;(function startPress() {
  const v8 = require('node:v8');
  const press = module.exports;
  const runCli = (argv) => {
    tuneV8();
    return press.run(argv).then((code) => {
      process.exitCode = code;
    });
  };
  // bin/declaration-press.js, when it starts the bundle in its own process: the command as here.
  Object.defineProperty(press, 'runCommandLine', { value: runCli });
  if (v8.startupSnapshot && v8.startupSnapshot.isBuildingSnapshot()) {
    v8.startupSnapshot.setDeserializeMainFunction(() => {
      importerForSnapshot();
      if (process.env.DECLARATION_PRESS_STANDBY === '1') standBy();
      else runCli(process.argv.slice(1));
    });
    // The builder waits for this to finish before it takes the snapshot.
    press.prepareSnapshot(process.env.DECLARATION_PRESS_DRAFTS).catch((error) => {
      process.exitCode = 1;
      console.error(error);
    });
    return;
  }
  if (require.main === module) runCli(process.argv.slice(2));
  else if (process.env.DECLARATION_PRESS_TUNE_V8 !== '0') tuneV8();

  /**
   * A standby (bin/launch.cjs startStandby): started from the snapshot alongside a command that
   * will share its work out, it runs the arguments the command writes on its stdin (one line, a
   * JSON array); when the command closes that pipe without writing, there is nothing to do.
   */
  function standBy() {
    delete process.env.DECLARATION_PRESS_STANDBY;
    let text = '';
    const input = process.stdin;
    input.setEncoding('utf8');
    const read = (chunk) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end < 0) return;
      input.off('data', read);
      input.destroy();
      runCli(JSON.parse(text.slice(0, end)));
    };
    input.on('data', read);
  }

  /**
   * A command runs for seconds, not hours: V8 tiers a function up to optimised code once it has
   * spent an interrupt budget of bytecode (66 KB on Node 20), and for a command most of what it
   * optimises runs a few times more, then never again. On the 2-core machine the optimising
   * compiler's thread took 4-5 s of CPU in a cold `build` (with it on the main thread instead, the
   * build took about 4 s longer), competing with the main thread and the garbage collector. Eight
   * times the budget optimises what stays hot. Measured 2026-12-02 alternately from the snapshot:
   * `build` 5.18 s against 6.02 s (CPU 6.2 s against 9.3 s), the cold declaration 0.86 s against
   * 0.93 s, a combined PDF of 1,000 certificates 2.04 s against 2.24 s, 1,000 separate ones level
   * (5.54 s against 5.86 s, less CPU); four times the budget gained less, sixteen times as much on
   * the build and nothing on the declaration. The files are the same bytes.
   *
   * A program that requires the library is tuned the same way when it loads it: the flag is the
   * process's, and a program that renders documents again and again (a preview, a service) gains
   * most at its second render, the first one V8 optimises for. Measured 2026-12-02 20:30 UTC, the
   * declaration from the bundle, 8 processes each alternated: the second render 158 ms against
   * 240 ms (median), the renders after it 121 ms against 131 ms. DECLARATION_PRESS_TUNE_V8=0 leaves
   * V8 as the program has it.
   */
  function tuneV8() {
    v8.setFlagsFromString('--interrupt-budget=540672');
  }

  /**
   * Code deserialised from a snapshot cannot import(): V8 gives it no module loader, so pdf.js (an
   * ES module, loaded at run time by the check command) would fail with
   * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING. A function compiled now, with Node's main loader, can;
   * src/core/import-module.ts takes it from the global symbol. Node flags the loader option as
   * experimental: that one warning is not shown (it says nothing a user can act on).
   */
  function importerForSnapshot() {
    const vm = require('node:vm');
    const { pathToFileURL } = require('node:url');
    const resolver = require('node:module').createRequire(__filename);
    const load = vm.compileFunction('return import(url)', ['url'], { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    // Node warns when the import is made (synchronously, from inside the call), not when compiling.
    const quietly = (url) => {
      const emitWarning = process.emitWarning;
      process.emitWarning = function (warning, ...rest) {
        if (!String(warning && warning.message !== undefined ? warning.message : warning).includes('USE_MAIN_CONTEXT_DEFAULT_LOADER')) return emitWarning.call(process, warning, ...rest);
      };
      try {
        return load(url);
      } finally {
        process.emitWarning = emitWarning;
      }
    };
    globalThis[Symbol.for('declaration-press.import')] = (specifier) => quietly(pathToFileURL(resolver.resolve(specifier)).href);
  }
})();
