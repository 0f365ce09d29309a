// `npm run demo`: the action's whole job on this machine, against the local Primatomic emulator. Runs
// dist/index.js the way a runner does on the example JS counter (examples/js): build (jco and componentize-js from
// npm, into the tool cache), validate, conformance test on the example's events, deploy; then appends three events
// and queries the deployed view.
// The validator (wasm-tools, built by `predemo` as for the tests) on PATH, as a runner's tool cache would have it:
// the demo talks to 127.0.0.1 only.
import '../test/support/test-environment.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Emulator } from '../emulator/emulator.ts';
import { ROOT, runAction } from '../test/support/run-action.ts';

const TOKEN = 'demo-token';
const example = path.join(ROOT, 'examples/js');
const say = (text: string) => console.log(`\n▶ ${text}`);

const emulator = await Emulator.start({ tokens: [TOKEN] });
try {
  const api = (route: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${emulator.url}${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, ...headers },
      body,
    });

  say(`Primatomic emulator on ${emulator.url}`);
  const { log_id: logId } = (await (
    await api('/logs', JSON.stringify({ name: 'demo' }), { 'Content-Type': 'application/json' })
  ).json()) as { log_id: string };
  console.log(`  created log ${logId}`);

  say('Running the action (dist/index.js) in examples/js: build, validate, conformance test, deploy');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'primatomic-demo-')), 'counter.wasm');
  const run = await runAction(
    {
      output: out,
      'test-events': 'test/events.ndjson',
      'test-queries': 'test/queries.jsonl',
      deploy: 'true',
      'api-url': emulator.url,
      'api-token': TOKEN,
      'log-id': logId,
    },
    { cwd: example },
  );
  for (const line of run.stdout.split('\n')) {
    if (/^(pass|fail|warning|skipped) |^(Language|Componentize|Deployed)/.test(line) || line.startsWith('::error'))
      console.log(`  ${line}`);
  }
  if (run.code !== 0) throw new Error(`the action failed (exit ${run.code}); its job summary:\n${run.summary}`);
  console.log(
    `  outputs: deployed=${run.outputs.deployed} view-id=${run.outputs['view-id']} ` +
      `conformance=${run.outputs.conformance}`,
  );

  say('Appending {"inc":10}, {"inc":20}, {"dec":5} to the log');
  let sequence = 0;
  for (const event of ['{"inc":10}', '{"inc":20}', '{"dec":5}']) {
    sequence = (
      (await (await api(`/logs/${logId}/append`, event, { 'Content-Type': 'application/octet-stream' })).json()) as {
        sequence: number;
      }
    ).sequence;
    console.log(`  ${event} → sequence ${sequence}`);
  }

  say(`Querying the deployed view (${run.outputs['view-url']}/query?after=${sequence})`);
  const answer = await (
    await api(`/logs/${logId}/views/${path.basename(run.outputs['view-url']!)}/query?after=${sequence}`, 'total')
  ).text();
  console.log(`  ${answer}`);
  if (answer !== '{"total":25}') throw new Error(`expected {"total":25}, got ${answer}`);
} finally {
  await emulator.close();
}
