/**
 * What a native wasm-tools says of a component besides its validity, asked concurrently with `validate`: its world
 * as WIT (`component wit`). A released wasm-tools has the command; one built without it (or that breaks) answers
 * undefined, and the WIT comes from jco's wasm-tools instead.
 */
import path from 'node:path';
import { runProcess } from '../kernel/process.ts';

/** Asking takes milliseconds; a tool still running after this is stuck. */
const DESCRIBE_TIMEOUT_MS = 60_000;

/** The component's WIT, or why WIT cannot express it; undefined when this wasm-tools cannot say. */
export async function nativeWit(
  executable: string,
  file: string,
): Promise<{ wit: string } | { error: string } | undefined> {
  const result = await ask(executable, ['component', 'wit', file], file);
  if (!result) return undefined;
  if (result.exitCode === 0) return { wit: result.stdout };
  if (result.exitCode !== 1) return undefined;
  const error = result.output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('error:'))
    ?.replace(/^error:\s*/, '');
  return error ? { error } : undefined;
}

async function ask(executable: string, args: string[], file: string) {
  try {
    // Beside `validate`, which decides the verdict: the WIT is only an output, and waits for a free core.
    return await runProcess({
      command: executable,
      args,
      cwd: path.dirname(file),
      timeoutMs: DESCRIBE_TIMEOUT_MS,
      lowPriority: true,
    });
  } catch {
    return undefined;
  }
}
