// `node scripts/emulator.ts --port 8787 --token <token>`: the local Primatomic on 127.0.0.1, until stopped; the
// end-to-end workflow deploys to it. Prints its address when it is listening.
import { parseArgs } from 'node:util';
import { Emulator } from '../emulator/emulator.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8787' }, token: { type: 'string', default: 'emulator-token' } },
});
const emulator = await Emulator.start({ port: Number(values.port), tokens: [values.token] });
console.log(`Primatomic emulator on ${emulator.url}`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
