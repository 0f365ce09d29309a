// Installs the wasm-tools whose validator the tests use (the action's pinned version, built from crates.io with
// only its `validate` command) into node_modules/.cache/wasm-tools, unless it is there already. Runs before
// `npm test` (pretest): the tests must never download it from github.com, which the action itself would do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

function installedVersion(): string | undefined {
  if (!existsSync(executable)) return undefined;
  return execFileSync(executable, ['--version'], { encoding: 'utf8' }).trim().split(' ')[1];
}

if (import.meta.main) {
  if (installedVersion() === version) process.exit(0);
  console.log(
    `Building wasm-tools ${version} (validate only) from crates.io for the tests; this takes a minute or two.`,
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
        'validate',
        '--root',
        TEST_WASM_TOOLS_ROOT,
      ],
      { stdio: 'inherit' },
    );
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
