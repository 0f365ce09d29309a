/**
 * The CLI's door onto the pipeline: the settings are flags (over environment variables, over defaults), text goes
 * to the terminal, tools go to the user's cache and stay there, and at the end the run's record becomes the exit
 * code, and on request a JSON document, the Markdown summary and JUnit XML.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settingNamed } from '../inputs/settings.ts';
import { stopAllProcesses } from '../kernel/process.ts';
import { roundedSize } from '../kernel/size.ts';
import { plural } from '../kernel/text.ts';
import { ACTION_VERSION } from '../kernel/version.ts';
import { type Door, runPipeline } from '../pipeline/pipeline.ts';
import { printTo, safe } from '../printer/printer.ts';
import { relativeToWorkspace } from '../report/annotations.ts';
import { runJson } from '../report/run-json.ts';
import { runJunit } from '../report/run-junit.ts';
import { EXIT_CODES, RunRecord, STAGES, type Stage } from '../report/run-record.ts';
import { toolInstalls } from '../toolchain/tool-cache.ts';
import { type Arguments, type Command, helpText, parseArguments, UsageError } from './args.ts';
import { initProject } from './init.ts';
import { Terminal } from './terminal.ts';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, streams: Streams): Promise<number> {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    streams.stderr.write(`error: ${error.message}\n`);
    return EXIT_CODES.input;
  }
  if (args.help) {
    streams.stdout.write(`${helpText(ACTION_VERSION, Math.min(streams.stdout.columns ?? 100, 100))}\n`);
    return EXIT_CODES.ok;
  }
  if (args.version) {
    streams.stdout.write(`primatomic-view ${ACTION_VERSION}\n`);
    return EXIT_CODES.ok;
  }
  const json = args.flags.json === 'true';
  // With --json, stdout is the document's; people read stderr.
  const terminal = new Terminal({
    stream: json ? streams.stderr : streams.stdout,
    env,
    verbose: args.verbose,
    debug: args.flags.debug === 'true',
  });
  printTo(terminal);
  try {
    if (args.command === 'init') return initProject(args.positional, terminal);
    const settings = await settingsFor(args, env, streams);
    toolInstalls.offline = args.flags.offline === 'true';
    const record = new RunRecord();
    const stop = () => {
      stopAllProcesses();
      process.exit(130);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const door: Door = { name: 'cli', debug: args.flags.debug === 'true', debugHint: 'run with --debug' };
    await runPipeline((name) => settings[name] ?? '', door, record, stagesOf(args.command));
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    writeReports(args, record, streams);
    ending(record, terminal);
    return record.exitCode;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    streams.stderr.write(`error: ${safe(error.message)}\n`);
    return EXIT_CODES.input;
  }
}

/** The stages each command runs. */
function stagesOf(command: Command): ReadonlySet<(typeof STAGES)[number]> {
  if (command === 'build') return new Set(['inputs', 'build']);
  if (command === 'validate') return new Set(['inputs', 'validation']);
  if (command === 'deploy') return new Set(STAGES);
  return new Set(['inputs', 'build', 'validation', 'conformance']);
}

/**
 * The value of every setting: the flag, else its environment variable, else '' (the default applies); the command
 * sets deploy, and a component given as an argument. The token comes from PRIMATOMIC_TOKEN or --token-file.
 */
async function settingsFor(args: Arguments, env: NodeJS.ProcessEnv, streams: Streams) {
  const settings: Record<string, string> = {};
  for (const name of ['api-token', 'api-url', 'log-id']) {
    const variable = settingNamed(name)?.env;
    if (variable && env[variable]) settings[name] = env[variable];
  }
  // Read once; the build runs the project's code, which must not find the token in its environment.
  delete env[settingNamed('api-token')?.env ?? 'PRIMATOMIC_TOKEN'];
  Object.assign(settings, args.flags);
  const [given, ...extra] = args.positional;
  if (extra.length > 0) throw new UsageError(`${args.command} takes one component, not ${args.positional.join(' ')}.`);
  if (args.command === 'validate' && !given) {
    throw new UsageError('validate needs the component: primatomic-view validate <component.wasm>.');
  }
  if (given) {
    if (args.command !== 'validate' && args.command !== 'test') {
      throw new UsageError(`${args.command} takes no argument (${given}); see --help.`);
    }
    settings.component = given;
  }
  if (args.command === 'validate') settings.conformance = 'false';
  settings.deploy = args.command === 'deploy' ? 'true' : 'false';
  if (args.flags['token-file']) settings['api-token'] = await readToken(args.flags['token-file'], streams.stdin);
  return settings;
}

/** The token from a file, or from stdin (`-`): never from the command line. */
async function readToken(file: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`--token-file ${file} is not a file.`);
  return readFileSync(file, 'utf8').trim();
}

function writeReports(args: Arguments, record: RunRecord, streams: Streams): void {
  if (args.flags.summary) writeFileSync(args.flags.summary, `${record.summary()}\n`);
  if (args.flags.junit) writeFileSync(path.resolve(args.flags.junit), safe(runJunit(record)));
  if (args.flags.json === 'true')
    streams.stdout.write(`${safe(JSON.stringify(runJson(record, args.command), null, 2))}\n`);
}

/** What a passed stage gave, in a few words: ` — ts, build/view.wasm`. */
function factsOf(stage: Stage, record: RunRecord): string {
  const { built, validation, conformance } = record;
  if (stage === 'build' && built?.ok) {
    return ` — ${built.result.language.displayName}, ${relativeToWorkspace(built.result.componentPath)}`;
  }
  if (stage === 'validation' && validation?.facts.stat.kind === 'file') {
    const { stat, structure, sha256 } = validation.facts;
    const imports = structure?.imports.size ?? 0;
    const importing = imports === 0 ? 'imports nothing' : plural(imports, 'import');
    return ` — ${roundedSize(stat.size)}, ${importing}, sha256 ${sha256?.slice(0, 12)}…`;
  }
  if (stage === 'conformance' && conformance?.stats) {
    const { events, queries } = conformance.stats;
    const expected = queries.filter((query) => query.expect).length;
    const asked = queries.length === 1 ? '1 query' : `${queries.length} queries`;
    return ` — ${plural(events, 'event')}, ${asked}${expected ? ` (${expected} with the expected answer)` : ''}`;
  }
  return '';
}

/** The last lines: what held, or every failure. */
function ending(record: RunRecord, terminal: Terminal): void {
  for (const stage of STAGES.slice(1)) {
    const status = record.statusOf(stage);
    if (status === 'skipped') continue;
    const mark =
      status === 'passed'
        ? terminal.paint(32, '✔')
        : status === 'not-run'
          ? terminal.paint(2, '–')
          : terminal.paint(31, '✖');
    const why =
      status === 'not-run' ? ` (${record.notRun.get(stage)})` : status === 'passed' ? factsOf(stage, record) : '';
    terminal.line(`${mark} ${stage}: ${status}${terminal.paint(2, why)}`);
  }
  if (record.failed) terminal.line(`${terminal.paint(31, 'error')}: ${record.failureMessage()}`);
  else {
    const warnings = terminal.counts.warning;
    terminal.line(terminal.paint(32, `Every check held${warnings ? ` (${plural(warnings, 'warning')} above)` : ''}.`));
  }
}
