// Bundles the action into dist/ so runners execute it without `npm install`. jco locates its wasm with
// `new URL('./x.wasm', import.meta.url)`, which in the bundle resolves beside dist/index.js: copy them there.

import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// @actions/core imports its OIDC client, and with it @actions/http-client and undici, for tokens the action never
// asks for: marked free of side effects, they are left out of a bundle that does not use them (@actions/cache does,
// in the chunk loaded only to restore or save caches).
const unusedUnlessCalled = {
  name: 'unused-unless-called',
  setup(build) {
    build.onResolve({ filter: /^(@actions\/http-client|undici)(\/|$)|\/oidc-utils\.js$/ }, async (args) => {
      if (args.pluginData === 'resolved') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolved',
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

const vendor = path.join(path.dirname(require.resolve('@bytecodealliance/jco-transpile/wasm-tools')), '../vendor');

// One bundle per program, its chunks named after it: the action (its main step, and its post step that saves
// caches: they share the Actions cache chunk), the CLI, and the conformance test's worker thread (isolated.ts loads
// it beside index.js); and jco's wasm-tools, which src/wasm/jco.ts imports anew (?instance=N) after a panic kills
// one. Programs run in processes (or a worker's isolate) of their own, so sharing chunks between them saved only
// files, and cost every start: a module shared three ways is a chunk apart, and each chunk is one more ES module to
// resolve, read, compile and link. Built as one, the action's entry loaded 19 files; built apart, 8, and it starts
// 4-6 ms sooner (validation in npm run bench: 2.3-2.4x native -> 2.2-2.3x).
const programs = [
  { prefix: 'action', entries: { index: 'src/action/index.ts', post: 'src/action/post.ts' } },
  { prefix: 'cli', entries: { cli: 'src/cli/index.ts' } },
  { prefix: 'worker', entries: { 'conformance-worker': 'src/conformance/worker.ts' } },
];
const options = {
  metafile: true,
  outdir: dist,
  bundle: true,
  platform: 'node',
  // The action runs on node24; the CLI also on Node 22, the other LTS line.
  target: 'node22',
  format: 'esm',
  // What only some runs need (the Actions cache, the deploy) is a chunk of its own, loaded when asked for.
  splitting: true,
  minify: true,
  // Licenses go to dist/licenses.txt, whole, one section per package (below).
  legalComments: 'none',
  // CommonJS dependencies (the @actions toolkit) call require(); give the ES module bundle one.
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; const require = " +
      '__createRequire(import.meta.url);',
  },
  logLevel: 'warning',
  plugins: [withoutMinifier, unusedUnlessCalled],
};
const bundles = [
  ...(await Promise.all(
    programs.map(({ prefix, entries }) =>
      build({
        ...options,
        // Chunks beside the entries, named after their program: code that finds files beside itself
        // (new URL('./machine.wit', import.meta.url)) finds them wherever esbuild put it.
        chunkNames: `${prefix}-[name]-[hash]`,
        entryPoints: Object.fromEntries(
          Object.entries(entries).map(([name, source]) => [name, path.join(root, source)]),
        ),
      }),
    ),
  )),
  // jco's wasm-tools whole in one file, not split: each `?instance=N` import must evaluate all of it anew.
  await build({
    ...options,
    splitting: false,
    entryPoints: { 'jco-wasm-tools': path.join(vendor, 'wasm-tools.js') },
  }),
];
const metafile = { inputs: Object.assign({}, ...bundles.map((bundle) => bundle.metafile.inputs)) };

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
// The carried world's stand-in component, made now so that a run reads the contract without loading jco
// (src/contract/contract.ts): `componentEmbed` with `dummy`, then `componentNew`, as a run would make it.
const { componentEmbed, componentNew } = await import('@bytecodealliance/jco-transpile/wasm-tools');
const witSource = readFileSync(path.join(root, 'src/contract/machine.wit'), 'utf8');
const embedded = await componentEmbed({ dummy: true, witSource, world: 'state-machine' });
writeFileSync(path.join(dist, 'machine-stand-in.wasm'), await componentNew(embedded, undefined));
copyFileSync(path.join(root, 'src/wasm/preview1-adapter.wat'), path.join(dist, 'preview1-adapter.wat'));
cpSync(path.join(root, 'src/languages/go-glue'), path.join(dist, 'go-glue'), { recursive: true });
writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n');

// dist/licenses.txt: every package whose code is in the bundle or beside it, with its license text, as the
// licenses of the packages require. The packages copied whole (jco's wasm, preview2-shim's worker) are added by name.
const copied = ['@bytecodealliance/jco-transpile/wasm-tools', '@bytecodealliance/preview2-shim/io'].map((module) =>
  packageFolder(require.resolve(module, { paths: [root, vendor] })),
);
const bundled = Object.keys(metafile.inputs)
  .filter((input) => input.includes('node_modules/'))
  .map((input) => packageFolder(path.join(root, input)));
const folders = [...new Set([...bundled, ...copied])];
const notices = folders
  .map((folder) => {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(folder).find((file) => /^(licen[cs]e|copying)/i.test(file));
    const text = licenseFile
      ? readFileSync(path.join(folder, licenseFile), 'utf8').trim()
      : `License: ${manifest.license}`;
    return { name: manifest.name, text: `${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}\n` };
  })
  .sort((a, b) => a.name.localeCompare(b.name))
  .map((notice) => notice.text);
/** The folder of the package a file belongs to: the nearest folder above it with a package.json that names one. */
function packageFolder(file) {
  for (let folder = path.dirname(file); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    try {
      if (
        JSON.parse(readFileSync(manifest, 'utf8')).name &&
        path.basename(path.dirname(folder)).match(/^(node_modules|@.+)$/)
      ) {
        return folder;
      }
    } catch {
      // no package.json here: look further up
    }
  }
  throw new Error(`no package for ${file}`);
}

writeFileSync(
  path.join(dist, 'licenses.txt'),
  `The third-party packages in this bundle, with their licenses.\n\n${notices.join(`\n${'-'.repeat(80)}\n\n`)}`,
);
