#!/usr/bin/env node
import '../kernel/no-exit-deadlock.ts'; // before anything else is compiled
import { main } from './cli.ts';

// A reader that stops early (`primatomic-view check | head`) closes the pipe: what is left to print goes nowhere,
// and the run still ends with its verdict's exit code, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

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
