import '../kernel/no-exit-deadlock.ts'; // before anything else is compiled
// The post step: save the build's caches. It ends the process itself: @actions/cache can leave keep-alive sockets
// open that would hold the job for minutes.
import { print, printTo } from '../printer/printer.ts';
import { saveCaches } from './caches.ts';
import { RUNNER_LOG } from './runner-log.ts';

printTo(RUNNER_LOG);
try {
  await saveCaches();
} catch (error) {
  print.warning(`Saving caches failed: ${error instanceof Error ? error.message : String(error)}`);
}
process.exit(0);
