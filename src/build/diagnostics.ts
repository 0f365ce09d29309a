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
  // Python: the innermost 'File "app.py", line 12' frame of the project, and the exception line after the traceback.
  for (const match of text.matchAll(/Traceback \(most recent call last\):\n((?:[ \t]+.*\n)+)(\w[\w.]*(?:Error|Exception)\b.*)/g)) {
    const frames = [...match[1]!.matchAll(/File "([^"]+)", line (\d+)/g)].filter(([, file]) => !path.isAbsolute(file!) || file!.startsWith(workingDirectory));
    const frame = frames.at(-1);
    if (frame) found.push(finding('error', match[2]!, undefined, at(frame[1]!, frame[2]!)));
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
