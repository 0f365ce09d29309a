/**
 * The one way the action starts a process (a build step, an install, a question to a tool, the validator): with
 * its arguments as a list (no shell), an environment without the runner's secrets, a deadline, its own process
 * group (ended whole when it is stopped, and when it exits: nothing it started outlives it), and its output
 * streamed line by line to whoever listens while a bounded head and tail of it is kept for the messages.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';

export interface ProcessRun {
  command: string;
  args: string[];
  cwd: string;
  /** Variables added to (or, when undefined, removed from) the child's environment. */
  env?: Record<string, string | undefined>;
  /** Stopped after this long; undefined: no deadline. */
  timeoutMs?: number;
  /** Each line the process writes (stdout and stderr), as it comes. */
  onLine?: (line: string) => void;
  /** Runs at a lower priority, so that it takes only what the processes that matter more leave of the CPU. */
  lowPriority?: boolean;
}

export interface ProcessResult {
  /** The exit code, or null when a signal ended it (the deadline, a stop). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** What it wrote to stdout, kept whole up to OUTPUT_LIMIT (a tool's answer: `cargo metadata`). */
  stdout: string;
  /** Its stdout and stderr as they came: the first and the last OUTPUT_LIMIT / 2 characters, with a note between. */
  output: string;
}

/** A process that could not be started (not on PATH, not executable). */
export class StartError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'StartError';
    this.code = code;
  }
}

/** How much of a process's output is kept for messages; the rest is only streamed. */
export const OUTPUT_LIMIT = 4 << 20;

const running = new Set<number>();

/**
 * Runs the process to its end. An exit code other than 0 is a result, not an error: the caller says what it means.
 * Throws StartError when it cannot start.
 */
export async function runProcess(run: ProcessRun): Promise<ProcessResult> {
  const plan = spawnPlan(resolveExecutable(run.command), run.args);
  const env = childEnvironment(process.env, run.env);
  const child = spawn(plan.command, plan.args, {
    cwd: run.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsVerbatimArguments: plan.windowsVerbatimArguments,
    // A group of its own (POSIX), so that a stop ends what it started too.
    detached: process.platform !== 'win32',
  });
  const output = new BoundedText(OUTPUT_LIMIT);
  const stdout = new BoundedText(OUTPUT_LIMIT, false);
  // A line splitter per stream: a line that stdout has begun is not finished by stderr.
  const outLines = new LineSplitter(run.onLine);
  const errLines = new LineSplitter(run.onLine);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.add(chunk);
    stdout.add(chunk);
    outLines.add(chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.add(chunk);
    errLines.add(chunk);
  });
  let timedOut = false;
  const timer =
    run.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stopGroup(child.pid);
        }, run.timeoutMs);
  if (child.pid) running.add(child.pid);
  if (run.lowPriority && child.pid) {
    try {
      setPriority(child.pid, 10);
    } catch {
      // Not allowed here: it runs at the same priority.
    }
  }
  try {
    return await new Promise<ProcessResult>((resolve, reject) => {
      child.on('error', (error: NodeJS.ErrnoException) => {
        reject(new StartError(`${run.command} could not be started: ${error.message}`, error.code ?? 'ESTART'));
      });
      // What it left running in the background (a daemon, a watcher, a `sleep &` holding its output open) ends
      // with it.
      child.on('exit', () => {
        if (process.platform !== 'win32') stopGroup(child.pid);
      });
      child.on('close', (exitCode, signal) => {
        outLines.end();
        errLines.end();
        resolve({ exitCode, signal, timedOut, stdout: stdout.text(), output: output.text() });
      });
    });
  } finally {
    if (timer) clearTimeout(timer);
    if (child.pid) running.delete(child.pid);
  }
}

/**
 * What the runner gives an action and never a `run:` step: the step's inputs (the API token among them) and the
 * credentials of the runner's services (the cache, artifacts and results, OIDC tokens).
 */
const WITHHELD =
  /^(INPUT_.*|ACTIONS_(RUNTIME_TOKEN|RUNTIME_URL|RESULTS_URL|CACHE_URL|CACHE_SERVICE_V2|ID_TOKEN_REQUEST_.*))$/i;

/**
 * The environment a child process gets: this process's, without what WITHHELD names (a build runs the project's
 * code: an npm or pip install, a cargo build script, build-command), with the run's own additions and removals.
 */
export function childEnvironment(
  parent: NodeJS.ProcessEnv,
  changes: Record<string, string | undefined> = {},
): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(parent).filter(([name]) => !WITHHELD.test(name)));
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Ends every process this one started that is still running, with what they started (on SIGTERM, say). */
export function stopAllProcesses(): void {
  for (const pid of running) stopGroup(pid);
}

function stopGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    if (process.platform === 'win32') spawn('taskkill', ['/pid', String(pid), '/t', '/f'], { stdio: 'ignore' });
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** The first and last part of a text that may be huge, in linear time. */
class BoundedText {
  #head = '';
  #tail: string[] = [];
  #tailLength = 0;
  #dropped = 0;
  readonly #limit: number;
  readonly #keepTail: boolean;

  constructor(limit: number, keepTail = true) {
    this.#limit = limit;
    this.#keepTail = keepTail;
  }

  add(chunk: string): void {
    const room = (this.#keepTail ? this.#limit / 2 : this.#limit) - this.#head.length;
    if (room > 0) {
      this.#head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (!chunk) return;
    if (!this.#keepTail) {
      this.#dropped += chunk.length;
      return;
    }
    this.#tail.push(chunk);
    this.#tailLength += chunk.length;
    while (this.#tailLength - (this.#tail[0]?.length ?? 0) >= this.#limit / 2) {
      const first = this.#tail.shift()!;
      this.#tailLength -= first.length;
      this.#dropped += first.length;
    }
  }

  text(): string {
    let tail = this.#tail.join('');
    if (tail.length > this.#limit / 2) {
      this.#dropped += tail.length - this.#limit / 2;
      tail = tail.slice(tail.length - this.#limit / 2);
    }
    const cut = this.#dropped > 0 ? `\n[… ${this.#dropped} characters of output left out …]\n` : '';
    return `${this.#head}${cut}${tail}`;
  }
}

/** Whole lines to the listener, however the output is cut into chunks; a line longer than the limit is cut. */
class LineSplitter {
  #partial = '';
  readonly #onLine: ((line: string) => void) | undefined;
  constructor(onLine: ((line: string) => void) | undefined) {
    this.#onLine = onLine;
  }

  add(chunk: string): void {
    if (!this.#onLine) return;
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      this.#emit(this.#partial + chunk.slice(start, end));
      this.#partial = '';
      start = end + 1;
    }
    this.#partial += chunk.slice(start);
    if (this.#partial.length > LINE_LIMIT) {
      this.#emit(this.#partial);
      this.#partial = '';
    }
  }

  end(): void {
    if (this.#partial) this.#emit(this.#partial);
    this.#partial = '';
  }

  #emit(line: string): void {
    if (line.length > LINE_LIMIT) line = `${line.slice(0, LINE_LIMIT)} […]`;
    else if (line.endsWith('\r')) line = line.slice(0, -1);
    this.#onLine?.(line);
  }
}

/** A line of output longer than this is printed cut (a minified bundle, a flood without newlines). */
const LINE_LIMIT = 64 << 10;

/** How to start a command: as it is, or (a Windows .cmd or .bat, as npm is there) through cmd.exe, quoted for it. */
export interface SpawnPlan {
  command: string;
  args: string[];
  windowsVerbatimArguments: boolean;
}

export function spawnPlan(executable: string, args: string[], platform = process.platform): SpawnPlan {
  if (platform !== 'win32' || !/\.(cmd|bat)$/i.test(executable)) {
    return { command: executable, args, windowsVerbatimArguments: false };
  }
  // cmd.exe reads the line itself: each argument quoted, and its metacharacters escaped with ^ (as cross-spawn does).
  const line = [executable, ...args].map(quoteForCmd).join(' ');
  return {
    command: process.env.ComSpec || 'cmd.exe',
    args: ['/d', '/s', '/c', `"${line}"`],
    windowsVerbatimArguments: true,
  };
}

function quoteForCmd(arg: string): string {
  const quoted = `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
  return quoted.replace(/[()[\]%!^"`<>&|;, *?]/g, '^$&');
}

/** Windows finds npm as npm.cmd, which only cmd.exe runs; elsewhere, and for paths, the command is started as it is. */
function resolveExecutable(command: string): string {
  if (process.platform !== 'win32' || command.includes('/') || command.includes('\\')) return command;
  return which(command) ?? command;
}

/** The executable PATH gives for a command (with PATHEXT's extensions on Windows), or undefined. */
export function which(command: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform) {
  const extensions =
    platform === 'win32' ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').toLowerCase().split(';')] : [''];
  for (const folder of (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = path.join(folder, command + extension);
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!existsSync(file)) return false;
    const stat = statSync(file);
    return stat.isFile() && (platform === 'win32' || (stat.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}
