import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CAUGHT_ERROR_QUERY } from '../contract/explainer.ts';
import type { Found } from '../kernel/findings.ts';
import { plainText } from '../kernel/text.ts';
import { installComponentizePy, PYTHON_TOOLCHAIN } from '../toolchain/pypi-tools.ts';
import { toolOutput } from '../toolchain/run-tool.ts';
import { compilerError, withoutRepeats } from './diagnostics.ts';
import type { BuildContext, BuildPlan, Language } from './language.ts';
import { type Project, tomlString } from './project.ts';

/** componentize-py is Rust: with a job's RUST_BACKTRACE=1 it ends its errors with CPython's C frames. */
const QUIET_RUST = { RUST_BACKTRACE: '0', RUST_LIB_BACKTRACE: '0' };

async function pythonPlan(context: BuildContext): Promise<BuildPlan> {
  const { componentizePy } = await installComponentizePy(context.versions.componentizePy);
  const witArgs = ['--wit-path', context.witPath, '--world', context.world];
  return {
    steps: [
      {
        title: 'Componentize (componentize-py --stub-wasi)',
        command: componentizePy,
        args: [...witArgs, 'componentize', context.entry!, '-o', context.output, '--stub-wasi'],
        cwd: context.project.folder,
        env: QUIET_RUST,
      },
    ],
    tools: { 'componentize-py': context.versions.componentizePy },
    sources: () => pythonSources(context.project),
    explainer: async () => {
      // The view again, as a module whose Machine calls the view's and keeps the traceback of what it raises
      // (componentize-py's stubbed stderr drops it): the query CAUGHT_ERROR_QUERY answers it.
      const wrapper = 'primatomic_explain';
      writeFileSync(path.join(context.scratch, `${wrapper}.py`), catchingWrapper(context.entry!));
      const component = path.join(context.scratch, 'explain.wasm');
      await toolOutput({
        title: 'Componentizing the explaining build (componentize-py)',
        command: componentizePy,
        args: [...witArgs, 'componentize', wrapper, '-p', context.scratch, '-p', '.', '-o', component, '--stub-wasi'],
        cwd: context.project.folder,
        env: QUIET_RUST,
      });
      return { kind: 'caught-errors', bytes: readFileSync(component) };
    },
  };
}

/** What componentize-py may import from the project: its Python files, and the files that pin its dependencies. */
const PINS = ['pyproject.toml', 'requirements.txt', 'uv.lock', 'poetry.lock', 'Pipfile.lock', 'pdm.lock'];

function pythonSources(project: Project): string[] {
  const found: string[] = PINS.filter((pin) => project.has(pin));
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        // Hidden folders, caches, build output and virtual environments (a pyvenv.cfg) are not the view's sources.
        const skipped = /^(\.|__pycache__$|node_modules$|build$|dist$|target$)/.test(entry.name);
        if (!skipped && !existsSync(path.join(full, 'pyvenv.cfg'))) walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.py')) found.push(full);
    }
  };
  walk(project.folder);
  return found;
}

function catchingWrapper(entry: string): string {
  return `import importlib
import traceback

from wit_world import exports

_view = importlib.import_module(${JSON.stringify(entry)})
_caught = ""


def _guard(call, fallback):
    global _caught
    try:
        return call()
    except BaseException as error:
        # traceback.format_exc() reads the source files, which a component cannot: frames without their lines.
        frames = [
            f'  File "{frame.f_code.co_filename}", line {line}, in {frame.f_code.co_name}'
            for frame, line in traceback.walk_tb(error.__traceback__)
        ]
        _caught = "\\n".join(["Traceback (most recent call last):", *frames, f"{type(error).__name__}: {error}"])
        return fallback


class Machine(exports.Machine):
    def init(self) -> None:
        _guard(lambda: _view.Machine().init(), None)

    def append(self, event: bytes) -> None:
        _guard(lambda: _view.Machine().append(event), None)

    def query(self, input: bytes) -> bytes:
        if input == ${JSON.stringify(CAUGHT_ERROR_QUERY)}.encode():
            return _caught.encode()
        return _guard(lambda: _view.Machine().query(input), b"")

    def snapshot(self) -> bytes:
        return _guard(lambda: _view.Machine().snapshot(), b"")

    def restore(self, snapshot: bytes) -> None:
        _guard(lambda: _view.Machine().restore(snapshot), None)
`;
}

/**
 * Python tracebacks: the last frame in the project before the exception line. componentize-py runs the module
 * inside the component, where the project folder (its first python path) is /0/.
 */
function tracebacks(output: string, { folder }: Project): Found[] {
  const found: Found[] = [];
  let projectFrame: { file: string; line: string } | undefined;
  for (const line of plainText(output).split('\n')) {
    // A SyntaxError's frame follows componentize-py's own words on the same line ("AssertionError:   File …").
    const frame = /(?:^|:)\s*File "([^"]+)", line (\d+)/.exec(line);
    if (frame) {
      const file = frame[1]!.startsWith('/0/') ? frame[1]!.slice(3) : frame[1]!;
      const inProject = !path.isAbsolute(file) || file.startsWith(`${folder}${path.sep}`);
      projectFrame = inProject ? { file, line: frame[2]! } : undefined;
      continue;
    }
    const exception = /^(\w[\w.]*(?:Error|Exception|Warning|Exit|Interrupt)): (.+)$/.exec(line);
    if (exception && projectFrame) {
      found.push(compilerError(`${exception[1]}: ${exception[2]}`, projectFrame.file, projectFrame.line, folder));
      projectFrame = undefined;
    }
  }
  return withoutRepeats(found);
}

export const python: Language = {
  id: 'python',
  displayName: 'Python',
  markers: ['pyproject.toml', 'requirements.txt', 'app.py'],
  producerNames: ['python', 'componentize-py'],
  tools: ['componentizePy'],
  defaultEntry: () => 'app',
  defaultOutput: () => 'build/view.wasm',
  cachedTools: ({ versions }) => [[PYTHON_TOOLCHAIN, versions.componentizePy]],
  plan: pythonPlan,
  diagnostics: tracebacks,
  projectName: (project) => {
    const pyproject = project.text('pyproject.toml');
    return pyproject ? tomlString(pyproject, 'project', 'name') : undefined;
  },
  toolchainExports: {
    exports:
      'componentize-py adds this export (its initialisation entry point, `init(app-name, symbols, stub-wasi)`); ' +
      'it cannot be turned off.',
  },
  hints: {
    coreModule:
      'Build with `componentize-py --wit-path <wit> --world state-machine componentize app -o view.wasm --stub-wasi`.',
    wasiImports:
      'The view was built without `--stub-wasi`, so it imports WASI. Add `--stub-wasi` to `componentize-py ... ' +
      'componentize` (WASI calls then trap).',
    command:
      'The component exports wasi:cli/run. Build a library component: the module defines `class ' +
      'Machine(wit_world.exports.Machine)` and nothing runs at import time.',
    worldMismatch:
      'Check `--wit-path` (the primatomic:machine@0.0.1 WIT) and `--world state-machine` given to ' +
      'componentize-py, and that `Machine` implements all five methods.',
  },
};
