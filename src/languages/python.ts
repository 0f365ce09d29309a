import path from 'node:path';
import type { Found } from '../kernel/findings.ts';
import { plainText } from '../kernel/text.ts';
import { installComponentizePy, PYTHON_TOOLCHAIN } from '../toolchain/pypi-tools.ts';
import { compilerError, withoutRepeats } from './diagnostics.ts';
import type { BuildContext, BuildPlan, Language } from './language.ts';
import { readProjectFile, tomlString } from './project-files.ts';

async function pythonPlan(context: BuildContext): Promise<BuildPlan> {
  const { componentizePy } = await installComponentizePy(context.versions.componentizePy);
  const witArgs = ['--wit-path', context.witPath, '--world', context.world];
  return {
    steps: [
      {
        title: 'Componentize (componentize-py --stub-wasi)',
        command: componentizePy,
        args: [...witArgs, 'componentize', context.entry!, '-o', context.output, '--stub-wasi'],
        cwd: context.workingDirectory,
        // componentize-py is Rust: with a job's RUST_BACKTRACE=1 it ends its errors with CPython's C frames.
        env: { RUST_BACKTRACE: '0', RUST_LIB_BACKTRACE: '0' },
      },
    ],
    tools: { 'componentize-py': context.versions.componentizePy },
  };
}

/**
 * Python tracebacks: the last frame in the project before the exception line. componentize-py runs the module
 * inside the component, where the project folder (its first python path) is /0/.
 */
function tracebacks(output: string, workingDirectory: string): Found[] {
  const found: Found[] = [];
  let projectFrame: { file: string; line: string } | undefined;
  for (const line of plainText(output).split('\n')) {
    // A SyntaxError's frame follows componentize-py's own words on the same line ("AssertionError:   File …").
    const frame = /(?:^|:)\s*File "([^"]+)", line (\d+)/.exec(line);
    if (frame) {
      const file = frame[1]!.startsWith('/0/') ? frame[1]!.slice(3) : frame[1]!;
      const inProject = !path.isAbsolute(file) || file.startsWith(`${workingDirectory}${path.sep}`);
      projectFrame = inProject ? { file, line: frame[2]! } : undefined;
      continue;
    }
    const exception = /^(\w[\w.]*(?:Error|Exception|Warning|Exit|Interrupt)): (.+)$/.exec(line);
    if (exception && projectFrame) {
      found.push(
        compilerError(`${exception[1]}: ${exception[2]}`, projectFrame.file, projectFrame.line, workingDirectory),
      );
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
  projectName: (workingDirectory) => {
    const pyproject = readProjectFile(workingDirectory, 'pyproject.toml');
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
