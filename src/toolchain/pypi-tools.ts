import path from 'node:path';
import { byDoor } from '../kernel/door.ts';
import { runTool } from './run-tool.ts';
import { installInToolCache } from './tool-cache.ts';

/** The tool-cache name of componentize-py's virtual environment. */
export const PYTHON_TOOLCHAIN = 'primatomic-componentize-py';

/** componentize-py from PyPI, in a virtual environment of its own in the tool cache. */
export async function installComponentizePy(version: string): Promise<{ componentizePy: string; cached: boolean }> {
  const windows = process.platform === 'win32';
  const python = windows ? 'python' : 'python3';
  const { folder, cached } = await installInToolCache(PYTHON_TOOLCHAIN, version, async (dir) => {
    await runTool(
      'Creating a Python virtual environment (Python 3.10 or newer must be on PATH' +
        `${byDoor({ action: '; see actions/setup-python', cli: '' })})`,
      python,
      ['-m', 'venv', dir],
      dir,
    );
    const pip = path.join(dir, windows ? 'Scripts/pip.exe' : 'bin/pip');
    const args = ['install', '--disable-pip-version-check', '--quiet', `componentize-py==${version}`];
    await runTool(`Installing componentize-py ${version} from PyPI`, pip, args, dir);
  });
  return { componentizePy: path.join(folder, windows ? 'Scripts/componentize-py.exe' : 'bin/componentize-py'), cached };
}
