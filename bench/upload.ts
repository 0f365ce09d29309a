// One upload in a fresh process, for bench/deploy.ts: deploys the file given to the API given, then prints the
// process's peak resident memory before and after, in bytes.
import { statSync } from 'node:fs';
import { deployView } from '../src/deploy/deploy.ts';

const [file, apiUrl, logId] = process.argv.slice(2) as [string, string, string];
const before = process.resourceUsage().maxRSS * 1024;
const start = performance.now();
const result = await deployView({
  inputs: { apiUrl: new URL(apiUrl), apiToken: 'emulator-token', logId, viewName: 'big', ifExists: 'fail', verify: undefined },
  componentPath: file,
  componentSize: statSync(file).size,
  userAgent: 'bench',
});
console.log(JSON.stringify({ outcome: result.outcome, ms: performance.now() - start, peakBefore: before, peakAfter: process.resourceUsage().maxRSS * 1024 }));
