import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  FileRefused,
  readRepositoryFile,
  repositoryBoundary,
  whyNotARepositoryFile,
} from '../../src/kernel/repository-files.ts';
import { POSIX_ONLY } from '../support/platform.ts';
import { tempDir, writeIn } from '../support/tmp.ts';

const LIMITS = { maxBytes: 1000, what: 'a sample file', boundary: undefined };

describe('a file the repository names', { skip: POSIX_ONLY }, () => {
  it('is read when it is a regular file within the limit', () => {
    const dir = tempDir();
    assert.equal(readRepositoryFile(writeIn(dir, 'events.ndjson', '{"a":1}\n'), LIMITS).toString(), '{"a":1}\n');
  });

  it('is refused, by name, when it leads into /proc, /sys or /dev', () => {
    const dir = tempDir();
    symlinkSync('/proc/self/environ', path.join(dir, 'environ'));
    symlinkSync('/dev/zero', path.join(dir, 'zero'));
    assert.match(
      whyNotARepositoryFile(path.join(dir, 'environ'), undefined) ?? '',
      /leads to \/proc\/\d+\/environ, a file of the system \(\/proc\)/,
    );
    assert.match(
      whyNotARepositoryFile(path.join(dir, 'zero'), undefined) ?? '',
      /leads to \/dev\/zero, a file of the system \(\/dev\)/,
    );
  });

  it('is refused when it is a FIFO (read forever) or a folder', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    mkdirSync(path.join(dir, 'folder'));
    assert.equal(whyNotARepositoryFile(path.join(dir, 'fifo'), undefined), 'is a named pipe (FIFO), not a file');
    assert.equal(whyNotARepositoryFile(path.join(dir, 'folder'), undefined), 'is a folder; give a file');
  });

  it('is refused when a symlink leads out of the repository', () => {
    const outside = tempDir();
    const secret = writeIn(outside, 'credentials', 'token=hunter2');
    const repository = tempDir();
    mkdirSync(path.join(repository, '.git'));
    symlinkSync(secret, path.join(repository, 'events.ndjson'));
    const boundary = repositoryBoundary(repository);
    assert.ok(boundary && path.basename(boundary) === path.basename(repository));
    assert.throws(
      () => readRepositoryFile(path.join(repository, 'events.ndjson'), { ...LIMITS, boundary }),
      (error: Error) => error instanceof FileRefused && /outside the repository/.test(error.message),
    );
  });

  it('is refused over its limit without being read (a 540 MB sparse file)', () => {
    const file = path.join(tempDir(), 'huge.ndjson');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 540_000_000);
    closeSync(fd);
    assert.throws(
      () => readRepositoryFile(file, { ...LIMITS, maxBytes: 64_000_000 }),
      /is larger than 64\.0 MB \(64000000 bytes\), the most a sample file may be/,
    );
  });

  it("keeps to the workspace when the folder is in it, else to the folder's git checkout", () => {
    const workspace = tempDir();
    mkdirSync(path.join(workspace, 'views/counter'), { recursive: true });
    assert.equal(repositoryBoundary(path.join(workspace, 'views/counter'), { GITHUB_WORKSPACE: workspace }), workspace);
    assert.equal(repositoryBoundary(tempDir(), {}), undefined, 'no checkout: only the kinds of file are checked');
  });
});
