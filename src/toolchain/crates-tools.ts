import path from 'node:path';
import { toolOutput } from './run-tool.ts';
import { installInToolCache } from './tool-cache.ts';

/** Building from source takes minutes on a small runner; a stuck registry must still not hang the job. */
const CARGO_INSTALL_TIMEOUT_MS = 30 * 60_000;

/**
 * A Rust tool built from crates.io with `cargo install --locked` (cargo checks every crate against the registry
 * index's checksums, and --locked builds the dependency versions the release was tested with), into the tool cache.
 */
export async function installCrate(crate: string, version: string): Promise<{ executable: string; cached: boolean }> {
  const { folder, cached } = await installInToolCache(crateToolName(crate), version, async (root) => {
    await toolOutput({
      title: `Building ${crate} ${version} from crates.io (cargo install --locked)`,
      command: 'cargo',
      args: ['install', '--locked', '--root', root, '--version', version, crate],
      cwd: root,
      timeoutMs: CARGO_INSTALL_TIMEOUT_MS,
    });
  });
  return { executable: path.join(folder, 'bin', `${crate}${process.platform === 'win32' ? '.exe' : ''}`), cached };
}

/** The tool-cache name of a crate built by installCrate, for the Actions cache. */
export const crateToolName = (crate: string) => `${crate}-crates-io`;
