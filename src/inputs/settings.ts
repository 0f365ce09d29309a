/**
 * Every setting, defined once: its name (the action's input, the CLI's `--flag`), what it does, its default, the
 * doors it is set through, and the environment variable the CLI also reads it from. action.yml's inputs, the CLI's
 * flags and --help, and the README's tables are made from this table (`npm run docs`; a test holds them to it).
 */
import { PRIMATOMIC_API } from '../deploy/api.ts';
import { byDoor, type DoorName } from '../kernel/door.ts';
import { LANGUAGES } from '../languages/index.ts';
import { TOOLS } from '../toolchain/tool-versions.ts';

export interface Setting {
  name: string;
  description: string;
  /** The value an empty setting takes ('' when empty means something the description says). */
  default: string;
  /** The doors it is set through: both unless it says. */
  doors?: readonly DoorName[];
  /** An environment variable the CLI reads it from when its flag is not given (a flag wins). */
  env?: string;
  /** A secret: masked, removed from everything printed, and never taken as a command-line argument. */
  secret?: true;
}

/** A language option's default, from the language's own record. */
function optionDefault(input: string): string {
  const option = LANGUAGES.flatMap((language) => language.options ?? []).find((o) => o.input === input);
  if (!option) throw new Error(`no language has the option ${input}`);
  return option.defaultChoice;
}

export const SETTINGS: readonly Setting[] = [
  {
    name: 'component',
    description:
      'Path of an already built view (.wasm), relative to working-directory. Empty builds the view from the ' +
      'source in working-directory.',
    default: '',
  },
  {
    name: 'working-directory',
    description: 'Folder the other paths are relative to.',
    default: '.',
  },
  {
    name: 'language',
    description:
      "The view's language when building, auto (from the files in working-directory), rust, go, js, ts or " + 'python.',
    default: 'auto',
  },
  {
    name: 'entry',
    description:
      'What the build starts from: the JS/TS entry file (default: package.json main, then src/index.ts or ' +
      '.js), the Python module (default app), the Go package (default .). Unused for Rust.',
    default: '',
  },
  {
    name: 'output',
    description: 'Where the build writes the component, relative to working-directory (default: build/view.wasm).',
    default: '',
  },
  {
    name: 'build-command',
    description:
      'A shell command that replaces the built-in build (set output to where it writes the component); ' +
      'validation and the rest still run. Runs with bash (pwsh on Windows) in working-directory; the language ' +
      'is still detected (set language when the folder has no Cargo.toml, go.mod, package.json or ' +
      'pyproject.toml), and no caches are restored.',
    default: '',
  },
  {
    name: 'rust-builder',
    description:
      'How Rust views are built: cargo (cargo build, then the component is made in-process; nothing to ' +
      'install) or cargo-component (cargo component build, which the Bytecode Alliance is deprecating; from ' +
      'PATH, else built from crates.io with cargo install --locked, or downloaded from its release when ' +
      'tool-checksums gives its sha256; it installs the wasm32-wasip1 target itself through rustup, and the ' +
      'src/bindings.rs it generates is removed after the build).',
    default: optionDefault('rust-builder'),
  },
  {
    name: 'go-compiler',
    description:
      'How Go views are built: go (the standard Go toolchain from PATH, 1.24 or newer; see actions/setup-go) ' +
      'or tinygo (tinygo build -target=wasip1 -buildmode=c-shared, TinyGo from PATH or its release). Both make ' +
      'a component that imports nothing.',
    default: optionDefault('go-compiler'),
  },
  {
    name: 'jco-version',
    description:
      `jco version for JS/TS builds (a version the project's package.json pins exactly wins over ` +
      `the default). Empty means ${TOOLS.jco.defaultVersion}.`,
    default: '',
  },
  {
    name: 'componentize-js-version',
    description: `componentize-js version for JS/TS builds. Empty means ${TOOLS.componentizeJs.defaultVersion}.`,
    default: '',
  },
  {
    name: 'esbuild-version',
    description: `esbuild version that bundles a TypeScript entry. Empty means ${TOOLS.esbuild.defaultVersion}.`,
    default: '',
  },
  {
    name: 'typescript-version',
    description:
      `TypeScript version that type-checks a TypeScript view against the contract before it is ` +
      `bundled (a version the project's package.json pins exactly wins). Empty means ` +
      `${TOOLS.typescript.defaultVersion}.`,
    default: '',
  },
  {
    name: 'componentize-py-version',
    description: `componentize-py version for Python builds. Empty means ${TOOLS.componentizePy.defaultVersion}.`,
    default: '',
  },
  {
    name: 'wasm-tools-version',
    description:
      `wasm-tools version whose validator decides whether the component is valid (\`wasm-tools ` +
      `validate\`), which also gives the wit output and makes Go and Rust components; from PATH, else its ` +
      `GitHub release (or download-mirror). Empty means ${TOOLS.wasmTools.defaultVersion}.`,
    default: '',
  },
  {
    name: 'cargo-component-version',
    description:
      `cargo-component version for rust-builder cargo-component; built from crates.io with cargo ` +
      `install --locked when not on PATH, or downloaded from its release when tool-checksums gives ` +
      `its sha256. Empty means ${TOOLS.cargoComponent.defaultVersion}.`,
    default: '',
  },
  {
    name: 'tinygo-version',
    description:
      `TinyGo version for go-compiler tinygo, from its GitHub release when not on PATH. Empty means ` +
      `${TOOLS.tinygo.defaultVersion}.`,
    default: '',
  },
  {
    name: 'cache',
    description:
      "Keep the installed tools and what the build makes again otherwise (Go's and cargo's compiled code and " +
      'downloaded modules) between jobs with the Actions cache, restored before the build. Never saved from ' +
      'pull requests of forks.',
    default: 'true',
    doors: ['action'],
  },
  {
    name: 'download-mirror',
    description:
      'A base URL that replaces https://github.com for release downloads (GitHub Enterprise Server, air-gapped ' +
      'runners); it gets tool-cache entries of its own.',
    default: '',
  },
  {
    name: 'verify-checksums',
    description:
      "Check each release download against primatomic-view's sha256 table (or tool-checksums). false installs " +
      'unverified versions, with a warning.',
    default: 'true',
  },
  {
    name: 'tool-checksums',
    description:
      "sha256 of release downloads outside primatomic-view's table, as tool@version=sha256 (one per line), for this " +
      "runner's platform.",
    default: '',
  },
  {
    name: 'wit',
    description:
      'The WIT file or folder the build compiles against, which must say exactly what primatomic:machine@0.0.1 ' +
      'says (each difference is an error on its line, before anything is built); the view is judged against ' +
      "Primatomic's contract whatever it says. Empty means the project's wit folder when it exists, else " +
      'primatomic:machine@0.0.1 as primatomic-view carries it.',
    default: '',
  },
  {
    name: 'world',
    description: "The world of the WIT that the build implements (Primatomic's is state-machine).",
    default: 'state-machine',
  },
  {
    name: 'max-size',
    description:
      "Largest allowed view, as a byte count or with B, KB, MB, GB, KiB, MiB or GiB (Primatomic's limit is " +
      '100MB).',
    default: '100MB',
  },
  {
    name: 'allow-imports',
    description:
      'Interface names (comma or newline separated, with or without @version) whose imports are reported as ' +
      'warnings instead of errors. Cannot be combined with a deploy (Primatomic refuses views that import ' +
      'anything); for checks only.',
    default: '',
  },
  {
    name: 'conformance',
    description:
      'Run the view in the runner and test its contract (determinism, snapshot and restore, queries without ' +
      'side effects, traps) on the sample events. Runs only when validation passed.',
    default: 'true',
  },
  {
    name: 'test-events',
    description:
      "File of sample events for the conformance test, one event per line (the line's bytes without the line " +
      'ending; blank lines are skipped), e.g. NDJSON. Empty means test/events.ndjson in working-directory when ' +
      'it exists, else the test runs with no events.',
    default: '',
  },
  {
    name: 'test-queries',
    description:
      'File of sample queries, one JSON object per line: {"input": "text"} or {"input_base64": "..."}, ' +
      'optionally with "expect" or "expect_base64", the exact answer. Empty means test/queries.jsonl in ' +
      'working-directory when it exists.',
    default: '',
  },
  {
    name: 'deploy',
    description:
      'Deploy the view to a Primatomic log once every check passed: true, false, or auto (deploy when ' +
      'api-token is set; skip with a notice when it is empty, as in pull requests from forks). A deploy that ' +
      'cannot happen fails after the checks have run and reported.',
    default: 'false',
  },
  {
    name: 'api-url',
    description: "Primatomic's API. Must be https (http only for localhost, 127.0.0.1 and [::1]).",
    default: PRIMATOMIC_API,
    env: 'PRIMATOMIC_API_URL',
  },
  {
    name: 'api-token',
    description:
      'The API key (a JWT bearer token). Pass it from a repository or environment secret (the secrets context, ' +
      'e.g. the secret PRIMATOMIC_TOKEN), never as plain text. Masked in logs and sent only to api-url.',
    default: '',
    secret: true,
    env: 'PRIMATOMIC_TOKEN',
    doors: ['action'],
  },
  {
    name: 'log-id',
    description: 'UUID of the log to deploy the view to.',
    default: '',
    env: 'PRIMATOMIC_LOG_ID',
  },
  {
    name: 'view-name',
    description:
      'Name of the view in the log, or a pattern of one: lower-case letters, digits, - and _, with {project} ' +
      '(the crate, npm package, Go module or Python project), {sha} (the first 12 hex digits of the ' +
      "component's sha256), {source} (the same of source-sha256, what primatomic-view built the view from), {ref} " +
      '(the tag or branch) and {run} (the run number). Empty means {project}-{sha}, so that every new ' +
      'component deploys under a new name, and {project}-{source} for JavaScript, TypeScript and Python ' +
      'builds, whose bytes differ from build to build; a name without {sha} or {source} deploys once (views ' +
      'cannot be replaced).',
    default: '',
  },
  {
    name: 'if-exists',
    description:
      'When the log already has a view of that name, fail (default) or skip (succeed with a warning). With ' +
      '{sha} in view-name a taken name is this very component, which succeeds either way.',
    default: 'fail',
  },
  {
    name: 'verify-query',
    description: 'After deploying, send this query (its text as bytes) to the deployed view.',
    default: '',
  },
  {
    name: 'verify-expect',
    description: 'The exact answer verify-query must get; empty accepts any answer.',
    default: '',
  },
  {
    name: 'build-step-timeout',
    description:
      'Seconds each command of the build may run (an install, a compiler, componentize, build-command) before it ' +
      'is stopped with what it started; the message names the command and shows its last output.',
    default: '1200',
  },
  {
    name: 'verify-timeout',
    description: 'Seconds to keep retrying the verify query while the view catches up (502, 503, 504).',
    default: '60',
  },
  {
    name: 'token-file',
    description:
      'A file holding the API key (the CLI never takes it as an argument, which would show in `ps` and the ' +
      'shell history): `-` reads it from stdin. Without it, the key comes from PRIMATOMIC_TOKEN.',
    default: '',
    doors: ['cli'],
  },
  {
    name: 'offline',
    description:
      'Use only the tools already in the user cache (or on PATH), and say which are missing instead of ' +
      'installing them.',
    default: 'false',
    doors: ['cli'],
  },
  {
    name: 'json',
    description: 'Print one JSON document with the facts of the run (its schema is versioned) instead of text.',
    default: 'false',
    doors: ['cli'],
  },
  {
    name: 'summary',
    description: 'Write the Markdown summary (the one the action writes to the job summary) to this file.',
    default: '',
    doors: ['cli'],
  },
  {
    name: 'junit',
    description: 'Write the validation and conformance rules as JUnit XML test cases to this file.',
    default: '',
    doors: ['cli'],
  },
  {
    name: 'debug',
    description: "Print the debug log, with stack traces of the tool's own failures.",
    default: 'false',
    doors: ['cli'],
  },
];

export const settingsOf = (door: DoorName): Setting[] =>
  SETTINGS.filter((setting) => (setting.doors ?? ['action', 'cli']).includes(door));

export function settingNamed(name: string): Setting | undefined {
  return SETTINGS.find((setting) => setting.name === name);
}

/** A setting as the user names it: the action's input, or the CLI's flag (or, with no flag, where the CLI reads it). */
export function settingLabel(name: string): string {
  const setting = settingNamed(name);
  const flagless = setting !== undefined && !settingsOf('cli').includes(setting);
  return byDoor({ action: `Input ${name}`, cli: flagless ? (setting.env ?? name) : `--${name}` });
}
