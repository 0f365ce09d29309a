/**
 * The command line: a command, then flags named after the settings (`--working-directory views/counter`,
 * `--max-size=40MB`; a true/false setting is a switch, `--offline`, `--no-conformance`), and the command's own
 * arguments. The flags, and --help, come from the one table of settings (src/inputs/settings.ts).
 */
import { SAMPLE_EVENTS, SAMPLE_QUERIES } from '../inputs/inputs.ts';
import { type Setting, settingsOf } from '../inputs/settings.ts';
import { LANGUAGE_IDS } from './templates.ts';

export const COMMANDS = {
  check: 'Build the view, validate it and test its contract: what the action does, without the deploy (default).',
  build: 'Build the view from its source, and stop.',
  validate: 'Validate a built component: `validate <component.wasm>`.',
  test: 'Validate a component and test its contract: `test [component.wasm]` (built from source without one).',
  deploy: 'Build, validate and test the view, then deploy it (PRIMATOMIC_TOKEN, --token-file or stdin).',
  init: `A new view project that passes \`check\` at once: \`init <${LANGUAGE_IDS.join('|')}> [folder]\`.`,
} as const;
export type Command = keyof typeof COMMANDS;

export interface Arguments {
  command: Command;
  /** Setting values given as flags, by setting name. */
  flags: Record<string, string>;
  /** The command's own arguments: a component, or a language and a folder. */
  positional: string[];
  help: boolean;
  version: boolean;
  verbose: boolean;
}

/** A mistake on the command line: exit code 2, with what to write instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SETTINGS = settingsOf('cli');
const isSwitch = (setting: Setting) => setting.default === 'true' || setting.default === 'false';

export function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = {
    command: 'check',
    flags: {},
    positional: [],
    help: false,
    version: false,
    verbose: false,
  };
  let commandGiven = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--version' || arg === '-V') parsed.version = true;
    else if (arg === '--verbose' || arg === '-v') parsed.verbose = true;
    else if (arg === '--') {
      parsed.positional.push(...argv.slice(index + 1));
      break;
    } else if (arg.startsWith('--')) {
      const [flag, inline] = splitFlag(arg.slice(2));
      const negated = flag.startsWith('no-')
        ? SETTINGS.find((s) => s.name === flag.slice(3) && isSwitch(s))
        : undefined;
      const setting = negated ?? SETTINGS.find((s) => s.name === flag);
      if (!setting) throw unknownFlag(flag);
      if (negated) parsed.flags[setting.name] = 'false';
      else if (inline !== undefined) parsed.flags[setting.name] = inline;
      else if (isSwitch(setting)) parsed.flags[setting.name] = 'true';
      else {
        const value = argv[++index];
        if (value === undefined) throw new UsageError(`--${flag} needs a value (--${flag} <value>).`);
        parsed.flags[setting.name] = value;
      }
    } else if (!commandGiven && arg in COMMANDS && parsed.positional.length === 0) {
      parsed.command = arg as Command;
      commandGiven = true;
    } else parsed.positional.push(arg);
  }
  return parsed;
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

function unknownFlag(flag: string): UsageError {
  if (flag === 'api-token' || flag === 'token') {
    return new UsageError(
      `--${flag} is not accepted: a token on the command line shows in \`ps\` and in the shell's history. Set ` +
        'PRIMATOMIC_TOKEN, or give --token-file <file> (--token-file - reads it from stdin).',
    );
  }
  const near = SETTINGS.map((setting) => setting.name).find((name) => distance(name, flag) <= 2);
  return new UsageError(`--${flag} is not an option${near ? ` (did you mean --${near}?)` : ''}; see --help.`);
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** --help: the commands, every flag with its environment variable and default, and the exit codes. */
export function helpText(version: string, width = 100): string {
  const wrap = (text: string, indent: number) => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && indent + line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.join(`\n${' '.repeat(indent)}`);
  };
  const commands = Object.entries(COMMANDS).map(([name, text]) => `  ${name.padEnd(10)}${wrap(text, 12)}`);
  const flags = SETTINGS.map((setting) => {
    const name = isSwitch(setting) ? `--[no-]${setting.name}` : `--${setting.name} <value>`;
    const extra = [
      setting.env ? `env ${setting.env}` : '',
      setting.default && !isSwitch(setting) ? `default ${setting.default}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return `  ${name}\n      ${wrap(`${setting.description}${extra ? ` (${extra})` : ''}`, 6)}`;
  });
  return [
    `primatomic-view ${version}: build, validate, test and deploy Primatomic views.`,
    '',
    'Usage: primatomic-view [command] [flags] [arguments]',
    '',
    'Commands:',
    ...commands,
    '',
    'Flags (each also set by the GitHub Action input of the same name):',
    ...flags,
    '  -v, --verbose',
    "      Show the tools' own output as they run.",
    '  -h, --help / -V, --version',
    '',
    `Sample files: ${SAMPLE_EVENTS} and ${SAMPLE_QUERIES} in the view's folder, when --test-events and`,
    '--test-queries do not say. The token is never an argument: PRIMATOMIC_TOKEN, --token-file <file>, or',
    '--token-file - (stdin).',
    '',
    'Exit codes: 0 every check held; 1 a check failed; 2 a usage or input error; 3 a tool or the network failed.',
  ].join('\n');
}
