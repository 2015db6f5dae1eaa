/**
 * `declaration-press studio`: serves the built studio (dist-studio/, made by `npm run web`) from
 * 127.0.0.1 only. A plain static server: the studio makes every PDF in the browser, so the server
 * only hands out files, and nothing reaches it but what the page asks for.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { PressError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/files.js';

/** Where `npm run web` builds the studio. */
export const STUDIO_DIR = join(PACKAGE_ROOT, 'dist-studio');

/** The only address the studio is served on: this computer. */
export const STUDIO_HOST = '127.0.0.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** A running static server. */
export interface StaticServer {
  /** Its address, ending in a slash: http://127.0.0.1:PORT/ */
  url: string;
  /** The server (to close it). */
  server: Server;
}

/** Serves the files of `root` on 127.0.0.1 (port 0: any free port); requests outside it get 404. */
export async function serveStatic(root: string, port = 0): Promise<StaticServer> {
  try {
    if (!(await stat(join(root, 'index.html'))).isFile()) throw new Error('not a file');
  } catch {
    throw new PressError('MISSING_FILE', 'the studio is not built: run `npm run web` first (it builds the studio into dist-studio/)', join(root, 'index.html'));
  }
  // Loaded when the studio is served: the CLI's start-up snapshot can hold no node:http, and code
  // started from it has no import() (Node 20.16+ has getBuiltinModule; the package wants 20.19).
  const { createServer } = process.getBuiltinModule('node:http') as typeof import('node:http');
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const found = file.startsWith(root.endsWith(sep) ? root : root + sep) && (await stat(file).then((info) => info.isFile(), () => false));
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !found) {
      response.writeHead(found ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8' }).end(found ? 'method not allowed\n' : 'not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PressError('BAD_OPTION', `--port: "${port}" is in use; allowed: a free port from 1 to 65535, or 0 for any free port`) : error),
    );
    server.listen(port, STUDIO_HOST, resolve);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://${STUDIO_HOST}:${bound}/`, server };
}
