// Bundles the action into dist/ so runners execute it without `npm install`. jco locates its wasm with
// `new URL('./x.wasm', import.meta.url)`, which in the bundle resolves beside dist/index.js: copy them there.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

await build({
  entryPoints: [path.join(root, 'src/index.ts')],
  outfile: path.join(dist, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  legalComments: 'linked',
  // CommonJS dependencies (the @actions toolkit) call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

const vendor = path.join(path.dirname(require.resolve('@bytecodealliance/jco-transpile/wasm-tools')), '../vendor');
for (const file of readdirSync(vendor).filter((name) => /^wasm-tools\.core\d*\.wasm$/.test(name))) {
  copyFileSync(path.join(vendor, file), path.join(dist, file));
}
// preview2-shim (jco's WASI host) starts its I/O worker from `new URL('./worker-thread.bundle.js', import.meta.url)`.
const shim = path.dirname(require.resolve('@bytecodealliance/preview2-shim/io', { paths: [vendor] }));
copyFileSync(path.join(shim, '../io/worker-thread.bundle.js'), path.join(dist, 'worker-thread.bundle.js'));
copyFileSync(path.join(root, 'src/contract/machine.wit'), path.join(dist, 'machine.wit'));
writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n');
