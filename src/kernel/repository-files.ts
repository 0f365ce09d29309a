/**
 * Files the repository names are untrusted: a pull request can make `test/events.ndjson` a symlink to
 * `/proc/self/environ` (the process's environment, fed to the view and shown in the summary), `package.json` a
 * symlink to `/dev/zero` (read until memory runs out), or a sample file a FIFO (read forever). Sample files,
 * manifests and WIT are read only as regular files inside the repository, and only up to a size.
 */
import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatSize } from './size.ts';

/** A file the repository names that is not one of its files, or is too large: why, in words that end a sentence. */
export class FileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefused';
  }
}

/** Where the system keeps what is not a file: a symlink into them is never a file of the repository. */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

/**
 * The folder a repository's files must stay in: the runner's workspace when the folder is inside it, else the git
 * checkout the folder belongs to, else none (a folder that is no checkout: only the kinds of file are checked).
 */
export function repositoryBoundary(folder: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const resolved = realFolder(folder);
  for (const workspace of [env.GITHUB_WORKSPACE, env.CI_PROJECT_DIR].filter((dir): dir is string => Boolean(dir))) {
    const real = realFolder(workspace);
    if (inside(resolved, real)) return real;
  }
  for (let dir = resolved; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Why the path cannot be read as a file of the repository, or undefined when it can. */
export function whyNotARepositoryFile(file: string, boundary: string | undefined): string | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
  }
  const system = SYSTEM_FOLDERS.find((folder) => inside(real, folder));
  if (system) return `leads to ${real}, a file of the system (${system}), not of the repository`;
  const stat = statSync(real);
  if (stat.isDirectory()) return 'is a folder; give a file';
  if (stat.isFIFO()) return 'is a named pipe (FIFO), not a file';
  if (stat.isSocket()) return 'is a socket, not a file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a file';
  if (!stat.isFile()) return 'is not a regular file';
  if (boundary && !inside(real, boundary)) {
    return `leads to ${real}, outside the repository (${boundary}); its files must be inside it`;
  }
  return undefined;
}

/**
 * The bytes of a file of the repository, read only when it is one (see whyNotARepositoryFile) and at most
 * `maxBytes` long; `what` names it in the message (`a sample file`).
 */
export function readRepositoryFile(
  file: string,
  limits: { maxBytes: number; what: string; boundary: string | undefined },
): Buffer {
  const why = whyNotARepositoryFile(file, limits.boundary);
  if (why) throw new FileRefused(`"${file}" ${why}.`);
  const tooLarge = () =>
    new FileRefused(`"${file}" is larger than ${formatSize(limits.maxBytes)}, the most ${limits.what} may be.`);
  if (statSync(file).size > limits.maxBytes) throw tooLarge();
  // Read no more than the limit even if the file grows while it is read.
  const buffer = Buffer.alloc(Math.min(statSync(file).size, limits.maxBytes) + 1);
  const fd = openSync(file, 'r');
  let length = 0;
  try {
    for (let read = 1; read > 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
  } finally {
    closeSync(fd);
  }
  if (length > limits.maxBytes) throw tooLarge();
  return buffer.subarray(0, length);
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}

function inside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
