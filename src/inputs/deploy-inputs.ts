import { PRIMATOMIC_API } from '../deploy/api.ts';
import type { DeploySettings } from '../deploy/deploy.ts';
import {
  asNamePart,
  DEFAULT_VIEW_NAME,
  placeholdersOf,
  resolveViewName,
  VIEW_NAME_PATTERN,
  type ViewName,
} from '../deploy/view-name.ts';
import { byDoor } from '../kernel/door.ts';
import { InputError, InputProblems } from '../kernel/errors.ts';
import { FileRefused } from '../kernel/repository-files.ts';
import { projectNameIn } from '../languages/index.ts';
import type { Project } from '../languages/project.ts';
import type { InputReader } from './input-reader.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A deploy that was asked for: with its settings, or skipped (deploy: auto without a token), with why. */
export type DeployPlan = { settings: DeploySettings } | { skipped: string };

/**
 * The inputs of a deploy (`deploy: true`, or `auto` when there is a token), checked before anything is built; an
 * error here stops only the deploy, which then fails after the checks with this error.
 */
export function loadDeploy(read: InputReader, project: Project): DeployPlan | undefined {
  const mode = read.choice('deploy', ['true', 'false', 'auto'] as const, { caseInsensitive: true });
  if (mode === 'false') return undefined;
  const apiToken = read.text('api-token');
  if (!apiToken && mode === 'auto') {
    return {
      skipped:
        'api-token is empty, so the view was not deployed (deploy: auto). Pull requests from forks get no ' +
        'secrets; pushes to your branches deploy.',
    };
  }
  // Every bad deploy input is reported at once, each on its own input, not one per run.
  const problems = new InputProblems();
  problems.check(() => checkToken(apiToken));
  problems.check(() => {
    if (read.list('allow-imports').length === 0) return;
    throw new InputError(
      'allow-imports',
      'is set together with deploy: a view that imports anything passes validation with allow-imports, but ' +
        'Primatomic refuses it. Remove allow-imports, or deploy only views without imports.',
    );
  });
  const apiUrl = problems.check(() => parseApiUrl(read.text('api-url')));
  const logId = read.text('log-id');
  problems.check(() => {
    if (UUID.test(logId)) return;
    throw new InputError(
      'log-id',
      logId
        ? `"${logId}" is not a log id: Primatomic's log ids are UUIDs (like 0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21).`
        : 'is empty. Set it to the UUID of the log to deploy to.',
    );
  });
  const viewName = problems.check(() => loadViewName(read.text('view-name'), project));
  const ifExists = problems.check(() => read.choice('if-exists', ['fail', 'skip'] as const));
  const verifyQuery = read.text('verify-query');
  const verifyExpect = read.text('verify-expect');
  problems.check(() => {
    if (verifyExpect && !verifyQuery)
      throw new InputError('verify-expect', 'is set but verify-query is not: give the query whose answer to check.');
  });
  const verifyTimeoutMs = problems.check(() => read.seconds('verify-timeout'));
  problems.done();
  const encode = (text: string) => new TextEncoder().encode(text);

  return {
    settings: {
      apiUrl: apiUrl!,
      apiToken,
      logId: logId.toLowerCase(),
      viewName: viewName!,
      ifExists: ifExists!,
      verify: verifyQuery
        ? {
            query: encode(verifyQuery),
            expect: verifyExpect ? encode(verifyExpect) : undefined,
            timeoutMs: verifyTimeoutMs!,
          }
        : undefined,
    },
  };
}

function checkToken(apiToken: string): void {
  if (!apiToken) {
    throw new InputError(
      'api-token',
      byDoor({
        action:
          'is empty, so nothing was deployed. Pass the token from a secret ' +
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, written as the user writes it.
          '(api-token: ${{ secrets.PRIMATOMIC_TOKEN }}). Workflows triggered by pull requests from forks get no ' +
          'secrets: use deploy: auto to skip the deploy there.',
        cli:
          'is empty, so nothing was deployed. Set PRIMATOMIC_TOKEN, or give --token-file <file> (--token-file - ' +
          'reads it from stdin).',
      }),
    );
  }
  if (/[\r\n\0]/.test(apiToken)) {
    throw new InputError(
      'api-token',
      'holds a line break or a NUL character, which no token has and no HTTP header can carry. Store the token ' +
        'in the secret without a trailing newline (for example `gh secret set` with the value, not a file).',
    );
  }
}

/** The view-name pattern, with the project's name, the ref and the run number it uses filled in. */
function loadViewName(given: string, project: Project): ViewName {
  const pattern = given || DEFAULT_VIEW_NAME;
  const placeholders = placeholdersOf(pattern);
  if ('problem' in placeholders)
    throw new InputError('view-name', `"${pattern}" is not a view name: ${placeholders.problem}.`);
  const values: ViewName['values'] = {};
  if (placeholders.used.includes('project')) {
    let name: string | undefined;
    try {
      name = projectNameIn(project)?.name;
    } catch (error) {
      if (!(error instanceof FileRefused)) throw error;
      throw new InputError('view-name', `uses {project}, and ${error.message}`);
    }
    if (!name || !asNamePart(name)) {
      throw new InputError(
        'view-name',
        `is "${pattern}", and no project name was found for {project} (Cargo.toml, package.json, go.mod, ` +
          'pyproject.toml). Set view-name, for example counter-{sha}.',
      );
    }
    values.project = name;
  }
  for (const [placeholder, variable] of [
    ['ref', 'GITHUB_REF_NAME'],
    ['run', 'GITHUB_RUN_NUMBER'],
  ] as const) {
    if (!placeholders.used.includes(placeholder)) continue;
    const value = process.env[variable];
    if (!value || (placeholder === 'run' && !asNamePart(value))) {
      throw new InputError(
        'view-name',
        `uses {${placeholder}}, but ${variable} is empty: this is not a workflow run. Outside a workflow, use ` +
          `{sha} or a fixed name instead of {${placeholder}}.`,
      );
    }
    values[placeholder] = value;
  }
  const viewName = { pattern, values, isDefault: !given };
  const example = resolveViewName(viewName, { sha256: '0'.repeat(64) });
  if (!VIEW_NAME_PATTERN.test(example)) {
    throw new InputError(
      'view-name',
      `"${pattern}" gives "${example}", which is not a safe view name: use 1 to 63 lower-case letters, digits, "-" ` +
        'and "_", starting with a letter or digit (e.g. counter-{sha}).',
    );
  }
  return viewName;
}

/** https only, except for loopback hosts (the emulator, local runs): the token must not cross a network in clear. */
function parseApiUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('api-url', `"${text}" is not a URL (e.g. ${PRIMATOMIC_API}).`);
  }
  if (url.username || url.password)
    throw new InputError('api-url', 'must not carry credentials; pass the token in api-token.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new InputError(
      'api-url',
      `"${url.origin}" is not https. The token is only sent over https (plain http is allowed for localhost, ` +
        `127.0.0.1 and [::1]).`,
    );
  }
  if (url.search || url.hash) throw new InputError('api-url', 'must not have a query or fragment.');
  return url;
}
