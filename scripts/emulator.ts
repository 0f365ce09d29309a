// The local Primatomic on 127.0.0.1, for the end-to-end workflow, the demo and by hand:
//   node scripts/emulator.ts --port 8787 --token <token>                   in the foreground, until stopped
//   node scripts/emulator.ts --background <dir> --port 8787 --token <t>    started in a session of its own, waited for
//   node scripts/emulator.ts --stop <dir>                                  ended, and its log printed
// A workflow step's background processes end with the step under some runners (act ends the step's process group),
// so --background starts the emulator as a session leader that outlives the step, returns once it is listening, and
// keeps its process id and log in <dir> for --stop (which a later step runs with `if: always()`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Emulator } from '../emulator/emulator.ts';

const READY_WITHIN_MS = 20_000;
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    token: { type: 'string', default: 'emulator-token' },
    background: { type: 'string' },
    stop: { type: 'string' },
    'ready-file': { type: 'string' },
  },
});

if (values.background) await startInBackground(values.background);
else if (values.stop) await stop(values.stop);
else await serve();

async function serve(): Promise<void> {
  const emulator = await Emulator.start({
    port: Number(values.port),
    tokens: [values.token],
    onRequest: ({ method, path, bodyBytes }) => console.log(`${method} ${path} (${bodyBytes} bytes)`),
  });
  console.log(`Primatomic emulator on ${emulator.url}`);
  if (values['ready-file']) writeFileSync(values['ready-file'], emulator.url);
  const end = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', end);
  process.on('SIGTERM', end);
}

async function startInBackground(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const { log, pid, ready } = filesIn(dir);
  rmSync(ready, { force: true });
  const output = openSync(log, 'w');
  const args = [import.meta.filename, '--port', values.port, '--token', values.token, '--ready-file', ready];
  // detached: a new session (setsid), so that ending the step's process group does not end the emulator.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', output, output] });
  let exited: number | string | null | undefined;
  child.on('exit', (code, signal) => {
    exited = code ?? signal;
  });
  writeFileSync(pid, String(child.pid));
  const giveUpAt = Date.now() + READY_WITHIN_MS;
  while (!existsSync(ready)) {
    if (exited !== undefined || Date.now() > giveUpAt) {
      const why = exited !== undefined ? `ended (${exited})` : `did not listen within ${READY_WITHIN_MS / 1000} s`;
      console.error(`The emulator ${why}. Its log:\n${readFileSync(log, 'utf8')}`);
      if (exited === undefined) process.kill(-child.pid!, 'SIGKILL');
      process.exit(1);
    }
    await sleep(100);
  }
  child.unref();
  console.log(`Primatomic emulator on ${readFileSync(ready, 'utf8')} (process ${child.pid}, log ${log})`);
  process.exit(0);
}

async function stop(dir: string): Promise<void> {
  const { log, pid } = filesIn(dir);
  if (!existsSync(pid)) {
    console.log(`No emulator was started in ${dir}.`);
    return;
  }
  const group = -Number(readFileSync(pid, 'utf8'));
  try {
    process.kill(group, 'SIGTERM');
    for (let waited = 0; waited < 5000 && alive(group); waited += 100) await sleep(100);
    if (alive(group)) process.kill(group, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    console.log('The emulator had already ended.');
  }
  rmSync(pid, { force: true });
  console.log(`The emulator's log:\n${existsSync(log) ? readFileSync(log, 'utf8') : '(none)'}`);
}

function alive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

function filesIn(dir: string) {
  return { log: path.join(dir, 'emulator.log'), pid: path.join(dir, 'emulator.pid'), ready: path.join(dir, 'url') };
}
