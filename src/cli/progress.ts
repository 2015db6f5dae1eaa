/** Progress for people: a bar on a terminal, one plain line per item elsewhere (logs, CI). */
import cliProgress from 'cli-progress';

/** Where the CLI writes: injectable so tests run it in-process. */
export interface CliIo {
  /** Data (JSON summaries, paths written). */
  stdout: (text: string) => void;
  /** Messages for people: progress, errors. */
  stderr: (text: string) => void;
}

/** A progress bar on a terminal, one plain line per item elsewhere (logs, CI). */
export function makeProgress(io: CliIo, total: number, tty = Boolean(process.stderr.isTTY)) {
  if (!tty) return { tick: (line: string) => io.stderr(`${line}\n`), stop: () => {} };
  const bar = new cliProgress.SingleBar({ format: '{bar} {value}/{total} {item}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0, { item: '' });
  return { tick: (line: string) => bar.increment({ item: line }), stop: () => bar.stop() };
}
