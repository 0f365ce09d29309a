/**
 * The CLI as people run it: the bundled `dist/cli.js` (what `npx primatomic-view` starts), or the package as npm
 * packs it, installed from its tarball into an empty folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './run-action.ts';
import { tempDir } from './tmp.ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a shell outside CI: no INPUT_* or GITHUB_* of a runner, no CI, no colours forced. */
function shellEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_|CI$|FORCE_COLOR$)/.test(name)),
  );
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; stdin?: string; command?: string[] },
): Promise<CliRun> {
  const [command, ...prefix] = options.command ?? [process.execPath, path.join(ROOT, 'dist/cli.js')];
  const child = spawn(command!, [...prefix, ...args], { cwd: options.cwd, env: shellEnv(options.env ?? {}) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let installed: string | undefined;

/** The package, packed by npm and installed from its tarball into an empty folder: its `npx primatomic-view`. */
export function installedPackage(): { folder: string; npx: string[] } {
  if (!installed) {
    const packs = tempDir('primatomic-pack-');
    execFileSync('npm', ['pack', '--pack-destination', packs, '--silent'], { cwd: ROOT, stdio: 'pipe' });
    const tarball = path.join(packs, readdirSync(packs).find((file) => file.endsWith('.tgz'))!);
    installed = path.join(tempDir('primatomic-installed-'), 'project');
    mkdirSync(installed);
    writeFileSync(path.join(installed, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], {
      cwd: installed,
      stdio: 'pipe',
    });
  }
  return { folder: installed, npx: ['npx', '--no-install', '--prefix', installed, 'primatomic-view'] };
}

/** Node 22, the other LTS line the CLI supports: the `node` package from the npm registry, in our cache. */
export function node22(): string {
  const prefix = path.join(ROOT, 'node_modules/.cache/node22');
  const executable = path.join(prefix, 'node_modules/node/bin/node');
  if (!existsSync(executable)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', prefix, 'node@22.23.3'], {
      stdio: 'pipe',
    });
  }
  return executable;
}
