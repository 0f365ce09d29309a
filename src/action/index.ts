import '../kernel/no-exit-deadlock.ts'; // before anything else is compiled
import { run } from './action.ts';

await run();
// Done: end now, once stdout and stderr are written. A handle left open (a keep-alive socket, a timer in a library)
// must not keep the runner waiting for the step.
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))),
);
process.exit();
