// The deploy's memory: uploading a 100 MB view must stream it, not hold it several times. Measures the peak
// resident memory of a process that only uploads, against the emulator on 127.0.0.1.
import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, openSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Emulator } from '../emulator/emulator.ts';
import { tempDir } from '../test/support/tmp.ts';
import { median, seconds } from './stats.ts';

const SIZE = 100_000_000;
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

export async function benchDeploy(runs: number): Promise<boolean> {
  const file = path.join(tempDir('primatomic-bench-'), 'big.wasm');
  const fd = openSync(file, 'w');
  ftruncateSync(fd, SIZE);
  closeSync(fd);
  const emulator = await Emulator.start();
  const growth: number[] = [];
  const times: number[] = [];
  const peaks: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const logId = emulator.createLog(`bench-${run}`);
      // The emulator answers success without validating, so the measurement is the upload alone.
      emulator.faults.push({ route: 'deploy', status: 200, body: '{"success": true}' });
      // Asynchronously: the emulator answering it lives in this process.
      const { stdout: output } = await promisify(execFile)(
        process.execPath,
        [path.join(import.meta.dirname, 'upload.ts'), file, emulator.url, logId],
        { encoding: 'utf8' },
      );
      const result = JSON.parse(output) as { outcome: string; ms: number; peakBefore: number; peakAfter: number };
      if (result.outcome !== 'deployed') throw new Error(`the upload was not accepted: ${output}`);
      growth.push(result.peakAfter - result.peakBefore);
      times.push(result.ms);
      peaks.push(result.peakAfter);
    }
  } finally {
    await emulator.close();
  }
  const met = median(growth) < SIZE / 2;
  console.log(
    `Uploading a ${MB(SIZE)} view: resident memory grows by median ${MB(median(growth))} ` +
      `[${growth.map(MB).join(', ')}], highest RSS of the uploading process median ${MB(median(peaks))}, upload ` +
      `median ${seconds(median(times))}`,
  );
  console.log(
    met
      ? 'Target met: the upload is streamed (peak growth under half the file).'
      : 'Target MISSED: the upload holds the file in memory.',
  );
  return met;
}
