/**
 * The project's own WIT, which the build compiles against (wit-bindgen, jco componentize, componentize-py read it).
 * A view is judged against primatomic:machine@0.0.1 as Primatomic runs it, whatever the project's WIT says: a WIT
 * that differs would build a view that agrees with its own WIT and is refused at deploy. So the project's world is
 * compared with Primatomic's before anything is built, each difference on its line of the project's WIT.
 */
import path from 'node:path';
import { type Found, finding, type SourceLocation } from '../kernel/findings.ts';
import { type ExternType, renderFunc, sameFunc } from '../wasm/component-types.ts';
import {
  type Contract,
  functionsOf,
  loadContract,
  locateDeclaration,
  PRIMATOMIC_WORLD,
  primatomicContract,
  SYNCHRONOUS_HINT,
  type WitSource,
  witFiles,
} from './contract.ts';

const COPY_THE_CONTRACT =
  "Make the project's WIT say exactly what Primatomic's says: copy primatomic:machine@0.0.1 (the README's " +
  '"The contract a view implements", or `wkg get primatomic:machine@0.0.1`) into it unchanged.';

const unversioned = (name: string) => name.replace(/@[^@/]*$/, '');
/** `primatomic:machine/machine@0.0.1` → `machine`, the name its interface is declared with. */
const interfaceName = (name: string) => unversioned(name).split('/').pop() ?? name;

/** The worlds a WIT declares, with their lines. */
export function declaredWorlds(sources: WitSource[]): Array<{ name: string; location: SourceLocation }> {
  return sources.flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, index) => {
      const name = /^\s*world\s+%?([a-z][a-z0-9-]*)\b/.exec(line)?.[1];
      return name ? [{ name, location: { file, line: index + 1 } }] : [];
    }),
  );
}

/** What differs between the project's world and Primatomic's, on the project's WIT; errors stop the build. */
export async function checkProjectWit(witPath: string, world: string): Promise<Found[]> {
  const sources = witFiles(witPath);
  const worlds = declaredWorlds(sources);
  const named = worlds.find((declared) => declared.name === world);
  if (!named) {
    const listed = worlds
      .map(({ name, location }) => `${name} (${path.basename(location.file)}:${location.line})`)
      .join(', ');
    return [
      finding(
        'error',
        `The WIT has no world ${world}; it declares ${worlds.length ? listed : 'no world at all'}.`,
        worlds.length
          ? `Set \`world\` to the world the view implements (Primatomic's is ${PRIMATOMIC_WORLD}), or correct its name.`
          : COPY_THE_CONTRACT,
        worlds[0]?.location ?? (sources[0] && { file: sources[0].file, line: 1 }),
      ),
    ];
  }
  const [project, primatomic] = await Promise.all([loadContract({ witPath, world }), primatomicContract()]);
  const at = (pattern: RegExp) => lineMatching(sources, pattern) ?? named.location;
  const declaration = (name: string) => locateDeclaration(sources, name) ?? named.location;
  const imports = [...project.imports.keys()].map((name) =>
    finding(
      'error',
      `World ${world} imports ${name}; Primatomic's world imports nothing, and refuses a view that imports anything.`,
      COPY_THE_CONTRACT,
      at(new RegExp(`^\\s*import\\s.*\\b${interfaceName(name)}\\b`)),
    ),
  );
  return [...imports, ...exportDifferences(project, primatomic, declaration, at(/^\s*package\s/))];
}

function exportDifferences(
  project: Contract,
  primatomic: Contract,
  declaration: (name: string) => SourceLocation,
  packageLine: SourceLocation,
): Found[] {
  const found: Found[] = [];
  for (const [name, expected] of primatomic.exports) {
    const exported = project.exports.get(name);
    if (exported) {
      found.push(...functionDifferences(name, expected, exported, declaration));
      continue;
    }
    const otherVersion = [...project.exports.keys()].find((other) => unversioned(other) === unversioned(name));
    found.push(
      otherVersion
        ? finding(
            'error',
            `World ${project.world} exports ${otherVersion}; Primatomic calls ${name}, another package version.`,
            COPY_THE_CONTRACT,
            packageLine,
          )
        : finding(
            'error',
            `World ${project.world} does not export ${name}, which Primatomic calls.`,
            COPY_THE_CONTRACT,
            declaration(project.world),
          ),
    );
  }
  const called = new Set([...primatomic.exports.keys()].map(unversioned));
  for (const name of [...project.exports.keys()].filter((other) => !called.has(unversioned(other)))) {
    found.push(
      finding(
        'warning',
        `World ${project.world} also exports ${name}, which Primatomic never calls.`,
        'Remove it from the world, or keep it knowing that Primatomic ignores it.',
        declaration(interfaceName(name)),
      ),
    );
  }
  return found;
}

function functionDifferences(
  name: string,
  expected: ExternType,
  exported: ExternType,
  declaration: (name: string) => SourceLocation,
): Found[] {
  const theirs = functionsOf(expected) ?? new Map();
  const ours = functionsOf(exported) ?? new Map();
  const found: Found[] = [];
  for (const [functionName, expectedFunction] of theirs) {
    const declared = ours.get(functionName);
    const want = `${functionName}: ${renderFunc(expectedFunction)}`;
    if (!declared) {
      const message = `Interface ${interfaceName(name)} has no ${functionName}; Primatomic's declares ${want}.`;
      found.push(finding('error', message, COPY_THE_CONTRACT, declaration(interfaceName(name))));
    } else if (!sameFunc(expectedFunction, declared, { paramNames: false })) {
      const message = `${functionName}: ${renderFunc(declared)} differs from Primatomic's ${want}.`;
      const hint = declared.async && !expectedFunction.async ? SYNCHRONOUS_HINT : COPY_THE_CONTRACT;
      found.push(finding('error', message, hint, declaration(functionName)));
    } else if (!sameFunc(expectedFunction, declared, { paramNames: true })) {
      found.push(
        finding(
          'warning',
          `${functionName}: ${renderFunc(declared)} names its parameters differently from Primatomic's ${want}.`,
          "The types match, so calls work; use the contract's names to keep bindings and docs in step.",
          declaration(functionName),
        ),
      );
    }
  }
  for (const functionName of [...ours.keys()].filter((other) => !theirs.has(other))) {
    found.push(
      finding(
        'warning',
        `Interface ${interfaceName(name)} also declares ${functionName}, which Primatomic never calls.`,
        'Remove it from the interface, or keep it knowing that Primatomic ignores it.',
        declaration(functionName),
      ),
    );
  }
  return found;
}

function lineMatching(sources: WitSource[], pattern: RegExp): SourceLocation | undefined {
  for (const { file, text } of sources) {
    const index = text.split('\n').findIndex((line) => pattern.test(line));
    if (index >= 0) return { file, line: index + 1 };
  }
  return undefined;
}
