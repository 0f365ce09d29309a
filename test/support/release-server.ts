/**
 * A loopback stand-in for github.com's release downloads: archives with the real layouts (tar.gz with a top
 * folder, zip, raw binary) holding stand-in executables, built at test time with tar and zip.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { tempDir } from './tmp.ts';

export class ReleaseServer {
  readonly assets = new Map<string, Buffer>();
  readonly requests: string[] = [];
  /** Paths answered with a 200 whose body comes one byte every 100 ms and never ends. */
  readonly trickling = new Set<string>();
  private readonly server: http.Server;

  private constructor() {
    this.server = http.createServer((request, response) => {
      const url = request.url ?? '/';
      this.requests.push(url);
      if (this.trickling.has(url)) {
        response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': 1 << 20 });
        const timer = setInterval(() => response.write('x'), 100);
        return void response.on('close', () => clearInterval(timer));
      }
      const body = this.assets.get(url);
      if (!body) return void response.writeHead(404).end('Not Found');
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body);
    });
  }

  static async start(): Promise<ReleaseServer> {
    const server = new ReleaseServer();
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  dropConnections(): void {
    this.server.closeAllConnections();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A shell script that prints `<name> <version>` (or runs `script`): the stand-in for a tool's executable. */
function standIn(file: string, name: string, version: string, script?: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${script ?? `echo "${name} ${version}"`}\n`);
  chmodSync(file, 0o755);
}

/** `<top>/<name>` in a .tar.gz, as wasm-tools and TinyGo publish. */
export function tarGzWith(top: string, executable: string, version: string, script?: string): Buffer {
  const dir = tempDir('release-');
  standIn(path.join(dir, top, executable), path.basename(executable), version, script);
  const archive = path.join(dir, 'asset.tar.gz');
  execFileSync('tar', ['czf', archive, '-C', dir, top]);
  return readFileSync(archive);
}

/** `<top>/<name>` in a .zip, as the Windows assets are. */
export function zipWith(top: string, executable: string, version: string): Buffer {
  const dir = tempDir('release-');
  standIn(path.join(dir, top, executable), path.basename(executable), version);
  execFileSync('zip', ['-qr', 'asset.zip', top], { cwd: dir });
  return readFileSync(path.join(dir, 'asset.zip'));
}

/** The executable itself, as cargo-component publishes. */
export function rawBinary(name: string, version: string): Buffer {
  const file = path.join(tempDir('release-'), name);
  standIn(file, name, version);
  return readFileSync(file);
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
