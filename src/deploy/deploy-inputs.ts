import { InputError } from '../errors.ts';
import type { GetInput } from '../inputs.ts';
import { VIEW_NAME_PATTERN, viewNameFromProject } from './view-name.ts';

/** What deploying needs, checked before anything is uploaded. */
export interface DeployInputs {
  apiUrl: URL;
  apiToken: string;
  logId: string;
  viewName: string;
  ifExists: 'fail' | 'skip';
  verify: { query: Uint8Array; expect: Uint8Array | undefined; timeoutMs: number } | undefined;
}

export const DEFAULT_API_URL = 'https://api.primatomic.com';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function loadDeployInputs(read: GetInput, workingDirectory: string): DeployInputs {
  const apiToken = read('api-token');
  if (!apiToken) {
    throw new InputError('api-token', 'is empty, so nothing was deployed. Pass the token from a secret (api-token: ${{ secrets.PRIMATOMIC_TOKEN }}). '
      + 'Workflows triggered by pull requests from forks get no secrets: deploy from pushes to your own branches instead.');
  }
  const apiUrl = parseApiUrl(read('api-url') || DEFAULT_API_URL);

  const logId = read('log-id');
  if (!UUID.test(logId)) {
    throw new InputError('log-id', logId ? `"${logId}" is not a log id: Primatomic's log ids are UUIDs (like 0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21).` : 'is empty. Set it to the UUID of the log to deploy to.');
  }

  let viewName = read('view-name');
  if (!viewName) {
    const derived = viewNameFromProject(workingDirectory);
    if (!derived) throw new InputError('view-name', 'is empty and no project name was found (Cargo.toml, package.json, go.mod, pyproject.toml). Set view-name.');
    viewName = derived.name;
  }
  if (!VIEW_NAME_PATTERN.test(viewName)) {
    throw new InputError('view-name', `"${viewName}" is not a safe view name: use 1 to 63 lower-case letters, digits, "-" and "_", starting with a letter or digit (e.g. counter-v2).`);
  }

  const ifExists = read('if-exists') || 'fail';
  if (ifExists !== 'fail' && ifExists !== 'skip') throw new InputError('if-exists', `"${ifExists}" is not fail or skip.`);

  const verifyQuery = read('verify-query');
  const verifyExpect = read('verify-expect');
  if (verifyExpect && !verifyQuery) throw new InputError('verify-expect', 'is set but verify-query is not: give the query whose answer to check.');
  const timeoutText = read('verify-timeout') || '60';
  const timeoutSeconds = /^\d+(\.\d+)?s?$/.test(timeoutText) ? Number.parseFloat(timeoutText) : Number.NaN;
  if (!(timeoutSeconds > 0)) throw new InputError('verify-timeout', `"${timeoutText}" is not a number of seconds (e.g. 60).`);
  const encode = (text: string) => new TextEncoder().encode(text);

  return {
    apiUrl,
    apiToken,
    logId: logId.toLowerCase(),
    viewName,
    ifExists,
    verify: verifyQuery ? { query: encode(verifyQuery), expect: verifyExpect ? encode(verifyExpect) : undefined, timeoutMs: timeoutSeconds * 1000 } : undefined,
  };
}

/** https only, except for loopback hosts (the emulator, local runs): the token must not cross a network in clear. */
function parseApiUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('api-url', `"${text}" is not a URL (e.g. ${DEFAULT_API_URL}).`);
  }
  if (url.username || url.password) throw new InputError('api-url', 'must not carry credentials; pass the token in api-token.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new InputError('api-url', `"${url.origin}" is not https. The token is only sent over https (plain http is allowed for localhost and 127.0.0.1).`);
  }
  if (url.search || url.hash) throw new InputError('api-url', 'must not have a query or fragment.');
  return url;
}
