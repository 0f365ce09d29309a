import type { DeploySettings } from '../deploy/deploy.ts';
import { asViewName, VIEW_NAME_PATTERN } from '../deploy/view-name.ts';
import { InputError } from '../kernel/errors.ts';
import { projectNameIn } from '../languages/index.ts';
import type { InputReader } from './input-reader.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The inputs of a deploy (`deploy: true`), checked before anything is built or uploaded. */
export function loadDeploySettings(read: InputReader, workingDirectory: string): DeploySettings {
  const apiToken = read.text('api-token');
  if (!apiToken) {
    throw new InputError(
      'api-token',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, written as the user writes it.
      'is empty, so nothing was deployed. Pass the token from a secret (api-token: ${{ secrets.PRIMATOMIC_TOKEN }}). ' +
        'Workflows triggered by pull requests from forks get no secrets: deploy from pushes to your own branches ' +
        'instead.',
    );
  }
  const apiUrl = parseApiUrl(read.text('api-url'));

  const logId = read.text('log-id');
  if (!UUID.test(logId)) {
    throw new InputError(
      'log-id',
      logId
        ? `"${logId}" is not a log id: Primatomic's log ids are UUIDs (like 0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21).`
        : 'is empty. Set it to the UUID of the log to deploy to.',
    );
  }

  let viewName = read.text('view-name');
  if (!viewName) {
    const project = projectNameIn(workingDirectory);
    const derived = project && asViewName(project.name);
    if (!derived) {
      throw new InputError(
        'view-name',
        'is empty and no project name was found (Cargo.toml, package.json, go.mod, pyproject.toml). Set view-name.',
      );
    }
    viewName = derived;
  }
  if (!VIEW_NAME_PATTERN.test(viewName)) {
    throw new InputError(
      'view-name',
      `"${viewName}" is not a safe view name: use 1 to 63 lower-case letters, digits, "-" and "_", starting with ` +
        `a letter or digit (e.g. counter-v2).`,
    );
  }

  const ifExists = read.choice('if-exists', ['fail', 'skip'] as const);
  const verifyQuery = read.text('verify-query');
  const verifyExpect = read.text('verify-expect');
  if (verifyExpect && !verifyQuery) {
    throw new InputError('verify-expect', 'is set but verify-query is not: give the query whose answer to check.');
  }
  const timeoutText = read.text('verify-timeout');
  const timeoutSeconds = /^\d+(\.\d+)?s?$/.test(timeoutText) ? Number.parseFloat(timeoutText) : Number.NaN;
  if (!(timeoutSeconds > 0))
    throw new InputError('verify-timeout', `"${timeoutText}" is not a number of seconds (e.g. 60).`);
  const encode = (text: string) => new TextEncoder().encode(text);

  return {
    apiUrl,
    apiToken,
    logId: logId.toLowerCase(),
    viewName,
    ifExists,
    verify: verifyQuery
      ? {
          query: encode(verifyQuery),
          expect: verifyExpect ? encode(verifyExpect) : undefined,
          timeoutMs: timeoutSeconds * 1000,
        }
      : undefined,
  };
}

/** https only, except for loopback hosts (the emulator, local runs): the token must not cross a network in clear. */
function parseApiUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('api-url', `"${text}" is not a URL (e.g. https://api.primatomic.com).`);
  }
  if (url.username || url.password)
    throw new InputError('api-url', 'must not carry credentials; pass the token in api-token.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new InputError(
      'api-url',
      `"${url.origin}" is not https. The token is only sent over https (plain http is allowed for localhost and ` +
        `127.0.0.1).`,
    );
  }
  if (url.search || url.hash) throw new InputError('api-url', 'must not have a query or fragment.');
  return url;
}
