// Installs the wasm-tools the tests and the bench use (the action's pinned version, built from crates.io with the
// commands the action's native path runs: `validate`, `component wit`/`embed`/`new`, `metadata show`, and `print` and
// `parse` for the guide's own commands) into node_modules/.cache/wasm-tools, unless it is there already with those
// commands. Runs before `npm test` (pretest): the tests must never download it from github.com, which the action
// itself would do.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOOLS } from '../src/toolchain/tool-versions.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
export const TEST_WASM_TOOLS_ROOT = path.join(ROOT, 'node_modules/.cache/wasm-tools');
const version = TOOLS.wasmTools.defaultVersion;
const executable = path.join(
  TEST_WASM_TOOLS_ROOT,
  'bin',
  process.platform === 'win32' ? 'wasm-tools.exe' : 'wasm-tools',
);

/** The commands the action's native path and the bench run: a release build of wasm-tools has them all. */
export const TEST_WASM_TOOLS_FEATURES = ['validate', 'component', 'metadata', 'print', 'parse'];
const FEATURES_FILE = path.join(TEST_WASM_TOOLS_ROOT, 'features');

function installed(): string | undefined {
  if (!existsSync(executable) || !existsSync(FEATURES_FILE)) return undefined;
  const features = readFileSync(FEATURES_FILE, 'utf8').trim();
  const installedVersion = execFileSync(executable, ['--version'], { encoding: 'utf8' }).trim().split(' ')[1];
  return `${installedVersion} ${features}`;
}

if (import.meta.main) {
  if (installed() === `${version} ${TEST_WASM_TOOLS_FEATURES.join(',')}`) process.exit(0);
  console.log(
    `Building wasm-tools ${version} (${TEST_WASM_TOOLS_FEATURES.join(', ')}) from crates.io for the tests; this ` +
      'takes a few minutes.',
  );
  try {
    execFileSync(
      'cargo',
      [
        'install',
        '--locked',
        '--force',
        '--quiet',
        'wasm-tools',
        '--version',
        version,
        '--no-default-features',
        '--features',
        TEST_WASM_TOOLS_FEATURES.join(','),
        '--root',
        TEST_WASM_TOOLS_ROOT,
      ],
      { stdio: 'inherit' },
    );
    writeFileSync(FEATURES_FILE, `${TEST_WASM_TOOLS_FEATURES.join(',')}\n`);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    console.error(
      missing
        ? 'cargo is not on PATH: the tests need a Rust toolchain (rustup or Debian cargo) to build wasm-tools.'
        : `Building wasm-tools ${version} failed (above).`,
    );
    process.exit(1);
  }
}
