/**
 * The house's layering, checked by `npm test` (dependency-cruiser): each room may import only the
 * rooms below it, so no two folders lean on each other, and what the templates reach (they run in
 * a browser too) uses no Node-only module, nor does the studio (web/). Lowest first:
 *
 *   core -> fonts -> input -> layout -> templates -> render -> products -> preflight -> verify -> batch -> cli
 */
const LAYERS = ['src/core', 'src/fonts', 'src/input', 'src/layout', 'templates', 'src/render', 'src/products', 'src/preflight', 'src/verify', 'src/batch', 'src/cli'];

/** Node's own modules, which a browser does not have. */
const NODE_ONLY = '^(node:)?(fs|path|os|child_process|crypto|zlib|url|module|readline|net|http|https|worker_threads|stream|buffer|process|v8|util)$';

const upward = LAYERS.map((layer, i) => ({
  name: `layering: ${layer}`,
  comment: `${layer} may import only the rooms below it (${LAYERS.slice(0, i).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^${layer}/` },
  to: { path: `^(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-module-cycles',
      comment: 'A module may not import, directly or not, a module that imports it.',
      severity: 'error',
      from: { path: '^(src|templates)/' },
      to: { circular: true },
    },
    {
      name: 'templates-browser-safe',
      comment: 'Templates, and everything they import, run in the browser studio too: no Node-only module.',
      severity: 'error',
      from: { path: '^templates/' },
      to: { path: NODE_ONLY, reachable: true },
    },
    {
      name: 'web-browser-safe',
      comment: 'The studio (web/) runs in the browser: nothing it imports may reach a Node-only module (its Vite config runs in Node).',
      severity: 'error',
      from: { path: '^web/', pathNot: '^web/vite\\.config\\.ts$' },
      to: { path: NODE_ONLY, reachable: true },
    },
    {
      name: 'web-uses-browser-safe-halves',
      comment: 'The studio imports the browser-safe halves of the records (src/products/documents/), never the Node records or the CLI.',
      severity: 'error',
      from: { path: '^web/', pathNot: '^web/vite\\.config\\.ts$' },
      to: { path: '^src/(cli|batch|preflight)/|^src/products/[^/]+\\.ts$', pathNot: '^src/products/options\\.ts$' },
    },
    {
      name: 'verify-page-browser-safe',
      comment: 'The verify page runs in a browser, bundled into one HTML file: no Node-only module.',
      severity: 'error',
      from: { path: '^src/verify/page/' },
      to: { path: NODE_ONLY, reachable: true },
    },
    {
      name: 'library-entry-on-top',
      comment: 'src/index.ts is the library API: nothing inside imports it.',
      severity: 'error',
      from: { path: '^(src|templates)/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
