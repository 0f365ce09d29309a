// Validating the 12.5 MB JavaScript view (jco componentize --disable=all) the way a user runs it: the bundled action
// (component given, conformance off) and the CLI (`primatomic-view validate`), each a fresh process, against native
// anchors measured in the same run: `node -e ''` (what any Node tool pays to start), native `wasm-tools validate`,
// the floor of any Node validator (start, read, sha256, and `wasm-tools validate` beside them: bench/floor.mjs), and
// the guide's own commands as it writes them (`wasm-tools print | head -1`, `wasm-tools print | grep -i wasi`,
// `wasm-tools component wit`), all with the native wasm-tools built for the tests. Rounds alternate the
// subjects; ratios are taken within a round, then their median. Peak memory is /usr/bin/time's maximum RSS, CPU
// its user + system time (all threads and child processes): on two cores, a subject whose CPU time is well over its
// wall time had both busy, and could only be faster by doing less.
// Target: the action within 2x of native validate, and within 100 MB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { TEST_WASM_TOOLS_ROOT } from '../scripts/install-wasm-tools.ts';
import { jsViewPath } from '../test/support/js-view.ts';
import { ROOT } from '../test/support/run-action.ts';
import { median, seconds } from './stats.ts';

const WASM_TOOLS = path.join(TEST_WASM_TOOLS_ROOT, 'bin/wasm-tools');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
// The subjects the verdict compares, by the names the results are printed and kept under.
const NATIVE = 'native wasm-tools validate';
const FLOOR = 'floor of a Node validator (start, read, sha256, validate beside them)';
const ACTION = 'the action (dist/index.js, component given)';

interface Measure {
  ms: number;
  /** Peak resident memory in KB, when /usr/bin/time can say. */
  kb: number | undefined;
  /** User + system CPU time in ms, when /usr/bin/time can say (it counts in hundredths of a second). */
  cpuMs: number | undefined;
}

/** Runs the command once, in `cwd`, with `env`; its wall time, peak memory and CPU time. */
function measure(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, shell = false): Measure {
  const [file, argv] = shell ? ['bash', ['-c', [command, ...args].join(' ')]] : [command, args];
  const wrapped = TIME ? [TIME, ['-f', '%M %U %S', file, ...argv]] : [file, argv];
  const start = performance.now();
  const result = spawnSync(wrapped[0] as string, wrapped[1] as string[], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - start;
  const [kb = Number.NaN, user = Number.NaN, system = Number.NaN] = TIME
    ? (result.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number)
    : [];
  if (result.status !== 0 && !(shell && /grep/.test(args.join(' ')))) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const known = (value: number) => (Number.isFinite(value) ? value : undefined);
  return { ms, kb: known(kb), cpuMs: known((user + system) * 1000) };
}

export async function benchValidation(runs: number): Promise<boolean> {
  const view = await jsViewPath();
  const folder = mkdtempSync(path.join(tmpdir(), 'primatomic-bench-validate-'));
  const file = path.join(folder, 'view.wasm');
  writeFileSync(file, await import('node:fs').then((fs) => fs.readFileSync(view)));
  writeFileSync(path.join(folder, 'output'), '');
  writeFileSync(path.join(folder, 'summary'), '');
  const size = statSync(file).size;
  // The native wasm-tools first on PATH, as a runner's tool cache or an earlier step would put it.
  const PATH = `${path.dirname(WASM_TOOLS)}${path.delimiter}${process.env.PATH}`;
  const actionEnv = {
    PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: folder,
    GITHUB_OUTPUT: path.join(folder, 'output'),
    GITHUB_STEP_SUMMARY: path.join(folder, 'summary'),
    INPUT_COMPONENT: 'view.wasm',
    INPUT_CONFORMANCE: 'false',
    INPUT_DEPLOY: 'false',
  };
  const plainEnv = { PATH, HOME: process.env.HOME };
  const subjects: Array<[string, () => Measure]> = [
    ["node -e '' (starting Node)", () => measure(process.execPath, ['-e', ''], folder, plainEnv)],
    [NATIVE, () => measure(WASM_TOOLS, ['validate', 'view.wasm'], folder, plainEnv)],
    [
      FLOOR,
      () =>
        measure(process.execPath, [path.join(import.meta.dirname, 'floor.mjs'), WASM_TOOLS, file], folder, plainEnv),
    ],
    [
      "the guide's commands, native (print | head -1; print | grep -i wasi; component wit)",
      () => {
        const parts = [
          measure(WASM_TOOLS, ['print', 'view.wasm', '|', 'head', '-1'], folder, plainEnv, true),
          measure(WASM_TOOLS, ['print', 'view.wasm', '|', 'grep', '-ci', 'wasi'], folder, plainEnv, true),
          measure(WASM_TOOLS, ['component', 'wit', 'view.wasm'], folder, plainEnv, true),
        ];
        // A figure /usr/bin/time could not give for one part is unknown for the whole, not zero.
        const known = (values: Array<number | undefined>) =>
          values.every((value): value is number => value !== undefined) ? values : undefined;
        const kb = known(parts.map((part) => part.kb));
        const cpu = known(parts.map((part) => part.cpuMs));
        return {
          ms: parts.reduce((all, part) => all + part.ms, 0),
          kb: kb && Math.max(...kb),
          cpuMs: cpu?.reduce((all, value) => all + value, 0),
        };
      },
    ],
    [ACTION, () => measure(process.execPath, [path.join(ROOT, 'dist/index.js')], folder, actionEnv)],
    [
      'the CLI (primatomic-view validate view.wasm)',
      () => measure(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'validate', 'view.wasm'], folder, plainEnv),
    ],
  ];
  // On two cores, native validate keeps both busy for most of its run: everything a Node tool does beside it slows it.
  console.log(
    `View: ${(size / 1e6).toFixed(1)} MB, ${runs} rounds on ${availableParallelism()} cores; each round runs every ` +
      'subject once, in turn.',
  );
  const results = new Map<string, Measure[]>(subjects.map(([name]) => [name, []]));
  for (const [, run] of subjects) run(); // warm the file cache and the binaries
  for (let round = 0; round < runs; round++) {
    for (const [name, run] of subjects) results.get(name)!.push(run());
  }
  const native = results.get(NATIVE)!;
  for (const [name, measures] of results) {
    const ratios = measures.map((m, i) => m.ms / native[i]!.ms);
    const kb = measures.map((m) => m.kb).filter((value): value is number => value !== undefined);
    const cpu = measures.map((m) => m.cpuMs).filter((value): value is number => value !== undefined);
    console.log(
      `${name}: median ${seconds(median(measures.map((m) => m.ms)))}, ${median(ratios).toFixed(1)}x native validate` +
        `${kb.length ? `, peak ${Math.round(median(kb) / 1024)} MiB` : ''}` +
        `${cpu.length ? `, CPU ${seconds(median(cpu))}` : ''}`,
    );
  }
  const action = results.get(ACTION)!;
  const ratio = median(action.map((m, i) => m.ms / native[i]!.ms));
  const memory = median(action.map((m) => m.kb ?? 0)) / 1024;
  const met = ratio <= 2 && memory <= 100;
  // What the action adds to the least any Node validator does (start, read, hash, validate beside them), paired too.
  const floor = results.get(FLOOR)!;
  const overFloor = median(action.map((m, i) => m.ms / floor[i]!.ms));
  console.log(
    `${met ? 'Target met' : 'Target MISSED'}: the action within 2x of native validate (${ratio.toFixed(1)}x) ` +
      `and 100 MiB (${Math.round(memory)} MiB); it takes ${overFloor.toFixed(2)}x the floor of a Node validator.`,
  );
  return met;
}
