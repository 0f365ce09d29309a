// One upload in a fresh process, for bench/deploy.ts: deploys the file given to the API given, sampling the
// resident memory every 5 ms; prints the RSS at the start (the component already in memory, as validation holds it)
// and the highest sample during the upload, in bytes.
import { readFileSync } from 'node:fs';
import { deployView } from '../src/deploy/deploy.ts';

const [file, apiUrl, logId] = process.argv.slice(2) as [string, string, string];
const component = readFileSync(file);
const before = process.memoryUsage.rss();
let highest = before;
const sampler = setInterval(() => (highest = Math.max(highest, process.memoryUsage.rss())), 5);
const start = performance.now();
const result = await deployView({
  settings: {
    apiUrl: new URL(apiUrl),
    apiToken: 'emulator-token',
    logId,
    viewName: { pattern: 'big', values: {}, isDefault: false },
    ifExists: 'fail',
    verify: undefined,
  },
  component,
  componentSha256: '0'.repeat(64),
  userAgent: 'bench',
});
clearInterval(sampler);
console.log(
  JSON.stringify({
    outcome: result.outcome,
    ms: performance.now() - start,
    peakBefore: before,
    peakAfter: Math.max(highest, process.memoryUsage.rss()),
  }),
);
