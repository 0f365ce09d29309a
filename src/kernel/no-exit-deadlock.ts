/**
 * Node 24 can hang at exit (nodejs/node issue 54918, seen here in `npm run bench`): shutting the platform down joins
 * its worker threads while a concurrent Sparkplug or Maglev compile on one of them waits for a garbage collection
 * that only the exiting main thread could run. The step would then hang until the job's timeout. Imported first by
 * each entry point, this turns those two compilers off for the whole process (workers included) before anything
 * runs; the interpreter and TurboFan, whose background jobs do not wait so, still run and optimise the code.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-sparkplug');
setFlagsFromString('--no-maglev');
