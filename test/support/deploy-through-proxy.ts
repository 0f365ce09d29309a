// Run in a process of its own by the proxy test (it needs NODE_EXTRA_CA_CERTS from the start): deploys the given
// component to the given API and asks the verify query, printing both results as JSON.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deployView } from '../../src/deploy/deploy.ts';
import { verifyDeployedView } from '../../src/deploy/verify.ts';

const [apiUrl, componentPath] = process.argv.slice(2) as [string, string];
const bytes = readFileSync(componentPath);
const settings = {
  apiUrl: new URL(apiUrl),
  apiToken: 'proxy-token',
  logId: '0b6e6c3e-8a39-4b59-9d4c-2f5f0f3b8a21',
  viewName: { pattern: 'counter', values: {}, isDefault: false },
  ifExists: 'fail' as const,
  verify: { query: new TextEncoder().encode('total'), expect: undefined, timeoutMs: 5000 },
};
const deploy = await deployView({
  settings,
  component: bytes,
  componentSha256: createHash('sha256').update(bytes).digest('hex'),
  userAgent: 'proxy-test',
});
const verify = await verifyDeployedView(settings, deploy.viewName, 'proxy-test');
console.log(JSON.stringify({ deploy: deploy.outcome, message: deploy.message, verify: verify.ok }));
