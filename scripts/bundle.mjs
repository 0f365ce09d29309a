// Bundles the action into dist/ so runners execute it without `npm install`. jco locates its wasm with
// `new URL('./x.wasm', import.meta.url)`, which in the bundle resolves beside dist/index.js: copy them there.

import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

// jco's transpile imports oxc-minify, whose native binding cannot be bundled; the action never asks transpile to
// minify, so the bundle gets a stand-in that fails loudly if that ever changes.
const withoutMinifier = {
  name: 'without-oxc-minify',
  setup(build) {
    build.onResolve({ filter: /^oxc-minify$/ }, () => ({ path: 'oxc-minify', namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "export function minify() { throw new Error('oxc-minify is not in the bundle: transpile with minify: " +
        "false'); }",
      loader: 'js',
    }));
  },
};

// Three bundles: the action, its post step (saves caches), and the conformance test's worker thread (isolated.ts
// loads it beside index.js).
const entries = { index: 'src/index.ts', post: 'src/post.ts', 'conformance-worker': 'src/conformance/worker.ts' };
await build({
  entryPoints: Object.fromEntries(Object.entries(entries).map(([name, source]) => [name, path.join(root, source)])),
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  legalComments: 'linked',
  // CommonJS dependencies (the @actions toolkit) call require(); give the ES module bundle one.
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; const require = " +
      '__createRequire(import.meta.url);',
  },
  logLevel: 'warning',
  plugins: [withoutMinifier],
});

const vendor = path.join(path.dirname(require.resolve('@bytecodealliance/jco-transpile/wasm-tools')), '../vendor');
for (const file of readdirSync(vendor).filter((name) =>
  /^(wasm-tools|js-component-bindgen-component)\.core\d*\.wasm$/.test(name),
)) {
  copyFileSync(path.join(vendor, file), path.join(dist, file));
}
// preview2-shim (jco's WASI host) starts its I/O worker from `new URL('./worker-thread.bundle.js', import.meta.url)`.
const shim = path.dirname(require.resolve('@bytecodealliance/preview2-shim/io', { paths: [vendor] }));
copyFileSync(path.join(shim, '../io/worker-thread.bundle.js'), path.join(dist, 'worker-thread.bundle.js'));
// Files the sources read beside themselves (new URL('./…', import.meta.url)), which the bundle reads beside index.js:
// the carried WIT, the import-free WASI adapter, and the Go glue.
copyFileSync(path.join(root, 'src/contract/machine.wit'), path.join(dist, 'machine.wit'));
copyFileSync(path.join(root, 'src/wasm/preview1-adapter.wat'), path.join(dist, 'preview1-adapter.wat'));
cpSync(path.join(root, 'src/languages/go-glue'), path.join(dist, 'go-glue'), { recursive: true });
writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n');
