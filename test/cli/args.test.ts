import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpText, parseArguments, UsageError } from '../../src/cli/args.ts';
import { settingsOf } from '../../src/inputs/settings.ts';

describe('the command line', () => {
  it('takes a command, flags named after the settings, switches and their --no- forms, and arguments', () => {
    const args = parseArguments(['validate', 'out/view.wasm', '--max-size', '40MB', '--no-conformance', '--offline']);
    assert.equal(args.command, 'validate');
    assert.deepEqual(args.positional, ['out/view.wasm']);
    assert.deepEqual(args.flags, { 'max-size': '40MB', conformance: 'false', offline: 'true' });
    assert.deepEqual(parseArguments(['--working-directory=views/counter']).flags, {
      'working-directory': 'views/counter',
    });
    assert.equal(parseArguments([]).command, 'check', 'check is the default command');
  });

  it('never takes the token as an argument, and says where it goes instead', () => {
    for (const flag of ['--api-token', '--token']) {
      assert.throws(
        () => parseArguments([flag, 'secret-value']),
        (error: unknown) =>
          error instanceof UsageError &&
          /shows in `ps`/.test(error.message) &&
          /PRIMATOMIC_TOKEN/.test(error.message) &&
          !error.message.includes('secret-value'),
      );
    }
  });

  it('names an unknown flag, and the one it is close to', () => {
    assert.throws(
      () => parseArguments(['--test-event', 'x']),
      /--test-event is not an option \(did you mean --test-events\?\)/,
    );
    assert.throws(() => parseArguments(['--max-size']), /--max-size needs a value/);
  });

  it('lists every setting of the CLI in --help, with its environment variable', () => {
    const help = helpText('1.0.0');
    for (const setting of settingsOf('cli')) assert.match(help, new RegExp(`--(\\[no-\\])?${setting.name}\\b`));
    assert.match(help, /--log-id <value>\n\s+UUID of the log to deploy the view to\. \(env PRIMATOMIC_LOG_ID\)/);
    assert.doesNotMatch(help, /--api-token/);
    assert.match(help, /Exit codes: 0 every check held; 1 a check failed; 2 a usage or input error; 3 a tool/);
  });
});
