#!/usr/bin/env node
import '../kernel/no-exit-deadlock.ts'; // before anything else is compiled
import { main } from './cli.ts';

const code = await main(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
// Done: end now, once stdout and stderr are written (a keep-alive socket must not hold the terminal).
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))),
);
process.exit(code);
