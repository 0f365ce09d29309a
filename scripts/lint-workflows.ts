// Lints every workflow under .github/workflows with actionlint, and every YAML example of README.md as a workflow
// that uses this action as `uses: ./` (so that actionlint checks each `with:` key against action.yml's inputs): a
// README example with a wrong input name fails. Run by .ci/run with actionlint from the Go module proxy.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const actionlint = process.argv[2] ?? 'actionlint';

/** The ```yaml blocks of the README that use the action. */
export function readmeExamples(readme: string): string[] {
  return [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1]!)
    .filter((block) => block.includes('primatomic/view-action@'));
}

/** An example as a workflow of its own: a whole workflow as it is, a list of steps inside one job. */
export function asWorkflow(example: string): string {
  const local = example.replaceAll(/primatomic\/view-action@\S+/g, './');
  if (/^jobs:/m.test(local)) return local;
  const steps = local
    .trimEnd()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  return `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`;
}

if (import.meta.filename === process.argv[1]) {
  execFileSync(actionlint, ['-no-color'], { cwd: ROOT, stdio: 'inherit' });
  // A repository of its own (actionlint finds a project by its .git), holding action.yml for `uses: ./`.
  const checkout = mkdtempSync(path.join(tmpdir(), 'readme-workflows-'));
  execFileSync('git', ['init', '--quiet'], { cwd: checkout });
  cpSync(path.join(ROOT, 'action.yml'), path.join(checkout, 'action.yml'));
  cpSync(path.join(ROOT, 'dist'), path.join(checkout, 'dist'), { recursive: true });
  const workflows = path.join(checkout, '.github', 'workflows');
  mkdirSync(workflows, { recursive: true });
  const examples = readmeExamples(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  for (const [index, example] of examples.entries()) {
    writeFileSync(path.join(workflows, `readme-${index + 1}.yml`), asWorkflow(example));
  }
  execFileSync(actionlint, ['-no-color'], { cwd: checkout, stdio: 'inherit' });
  console.log(`actionlint: .github/workflows and ${examples.length} README examples are clean.`);
}
