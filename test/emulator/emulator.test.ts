import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Emulator } from '../../emulator/emulator.ts';
import { ROOT } from '../support/run-action.ts';
import { brokenViews, fixtures } from '../support/views.ts';

let emulator: Emulator;
before(async () => {
  emulator = await Emulator.start({ afterTimeoutMs: 300 });
});
after(() => emulator.close());

const call = (route: string, body?: string | Uint8Array, headers: Record<string, string> = {}, method = 'POST') =>
  fetch(`${emulator.url}${route}`, {
    method,
    headers: { Authorization: 'Bearer emulator-token', ...headers },
    ...(body !== undefined && { body }),
  });

describe('the Primatomic emulator', () => {
  it('creates and gets logs, refusing a duplicate name', async () => {
    const created = await call('/logs', JSON.stringify({ name: 'orders' }));
    const { log_id: logId } = (await created.json()) as { log_id: string };
    assert.deepEqual(await (await call(`/logs/${logId}`, undefined, {}, 'GET')).json(), {
      log_id: logId,
      log_name: 'orders',
      tenant_id: 'emulator',
    });
    assert.equal((await call('/logs', JSON.stringify({ name: 'orders' }))).status, 409);
  });

  it('appends with Idempotency-Key (first payload wins) and Expected-Sequence', async () => {
    const logId = emulator.createLog('appends');
    const sequence = async (response: Response) => ((await response.json()) as { sequence: number }).sequence;
    assert.equal(await sequence(await call(`/logs/${logId}/append`, 'a', { 'Idempotency-Key': 'k1' })), 1);
    assert.equal(await sequence(await call(`/logs/${logId}/append`, 'other', { 'Idempotency-Key': 'k1' })), 1);
    assert.equal(await sequence(await call(`/logs/${logId}/append`, 'b', { 'Expected-Sequence': '1' })), 2);
    assert.equal((await call(`/logs/${logId}/append`, 'c', { 'Expected-Sequence': '1' })).status, 409);
    assert.equal((await call(`/logs/${logId}/append`, new Uint8Array(1_000_001))).status, 413);
    assert.equal(emulator.logs.get(logId)!.events.length, 2);
  });

  it('requires the bearer token', async () => {
    const response = await fetch(`${emulator.url}/logs`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: 'Unauthorized', code: 'unauthorized' });
  });

  it('refuses an upload that is not a valid view, with the validation message', async () => {
    const logId = emulator.createLog('invalid');
    const response = await call(`/logs/${logId}/views/bad`, await fixtures.coreModule());
    assert.equal(response.status, 400);
    assert.match(
      ((await response.json()) as { error: string }).error,
      /^Invalid request: The file is a core WebAssembly module/,
    );
  });

  it('runs the deployed view: catches up on earlier events, follows appends, waits for ?after=', async () => {
    const logId = emulator.createLog('running');
    await call(`/logs/${logId}/append`, new Uint8Array([5]));
    assert.equal((await call(`/logs/${logId}/views/counter`, await fixtures.valid())).status, 200);
    const pending = call(`/logs/${logId}/views/counter/query?after=2`, 'q');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await call(`/logs/${logId}/append`, new Uint8Array([6]));
    assert.deepEqual([...new Uint8Array(await (await pending).arrayBuffer())], [2, 0, 0, 0, 11, 0, 0, 0]);
    assert.equal((await call(`/logs/${logId}/views/counter/query?after=9`, 'q')).status, 504);
    assert.equal((await call(`/logs/${logId}/views/nope/query`, 'q')).status, 404);
  });

  it('answers 500 when the deployed view traps on a query', async () => {
    const logId = emulator.createLog('trapping');
    await call(`/logs/${logId}/views/v`, await brokenViews.trapOnBang());
    assert.equal((await call(`/logs/${logId}/append`, '!')).status, 500);
  });
});

describe('npm run demo', () => {
  it('builds, validates, tests, deploys the example counter, and its query answers {"total":25}', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/demo.ts')], { cwd: ROOT });
    assert.match(stdout, /Deployed counter-[0-9a-f]{12} to log/);
    assert.match(stdout, /\n {2}\{"total":25\}\n/);
  });
});
