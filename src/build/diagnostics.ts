import path from 'node:path';
import { finding, type Found } from '../rules.ts';

/**
 * Compiler and tool errors found in a failed build's output, each with its source file and line, so that they
 * become annotations on the code: rustc/cargo, Go/TinyGo, TypeScript, esbuild, JS stack frames and Python tracebacks.
 */
export function diagnosticsOf(output: string, workingDirectory: string): Found[] {
  const found: Found[] = [];
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const at = (file: string, line: string) => ({ file: path.resolve(workingDirectory, file), line: Number(line) });

  // rustc: "error[E0308]: mismatched types\n  --> src/lib.rs:10:5"
  for (const match of text.matchAll(/^error(?:\[(E\d+)\])?: (.+)\n\s+--> ([^\s:]+):(\d+):\d+/gm)) {
    found.push(finding('error', `${match[1] ? `${match[1]}: ` : ''}${match[2]}`, undefined, at(match[3]!, match[4]!)));
  }
  // TypeScript: "src/index.ts(3,10): error TS2322: message"
  for (const match of text.matchAll(/^(\S+\.[cm]?tsx?)\((\d+),\d+\): error (TS\d+): (.+)$/gm)) {
    found.push(finding('error', `${match[3]}: ${match[4]}`, undefined, at(match[1]!, match[2]!)));
  }
  // esbuild: "✘ [ERROR] message\n\n    src/index.ts:3:10:"
  for (const match of text.matchAll(/\[ERROR\] (.+)\n\n\s+(\S+?):(\d+):\d+:/g)) {
    found.push(finding('error', match[1]!, undefined, at(match[2]!, match[3]!)));
  }
  // Go and TinyGo: "./main.go:12:3: message"
  for (const match of text.matchAll(/^(\.?\.?\/?[\w./-]+\.go):(\d+):\d+: (.+)$/gm)) {
    found.push(finding('error', match[3]!, undefined, at(match[1]!, match[2]!)));
  }
  // Python tracebacks: the last frame in the project before the exception line. componentize-py runs the module
  // inside the component, where the project folder (its first python path) is /0/.
  let projectFrame: { file: string; line: string } | undefined;
  for (const line of text.split('\n')) {
    const frame = /^\s*File "([^"]+)", line (\d+)/.exec(line);
    if (frame) {
      const file = frame[1]!.startsWith('/0/') ? frame[1]!.slice(3) : frame[1]!;
      const inProject = !path.isAbsolute(file) || file.startsWith(`${workingDirectory}${path.sep}`);
      projectFrame = inProject ? { file, line: frame[2]! } : undefined;
      continue;
    }
    const exception = /^(\w[\w.]*(?:Error|Exception|Warning|Exit|Interrupt)): (.+)$/.exec(line);
    if (exception && projectFrame) {
      found.push(finding('error', `${exception[1]}: ${exception[2]}`, undefined, at(projectFrame.file, projectFrame.line)));
      projectFrame = undefined;
    }
  }
  // componentize-js: "SyntaxError: message" then "  at view.js:3:7" (or "view.js:3:7")
  for (const match of text.matchAll(/^(\w*Error): (.+)\n(?:.*\n)*?\s*(?:at )?(?:.*?\()?([\w./-]+\.m?js):(\d+):\d+/gm)) {
    if (match[3]!.includes('node_modules') || match[3]!.startsWith('/')) continue;
    found.push(finding('error', `${match[1]}: ${match[2]}`, undefined, at(match[3]!, match[4]!)));
  }
  return dedupe(found);
}

function dedupe(found: Found[]): Found[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = `${f.location?.file}:${f.location?.line}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
