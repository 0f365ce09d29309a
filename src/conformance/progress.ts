import { CALLS, type CallKind, type Progress, SCENARIOS, type ScenarioId } from './scenarios.ts';

/** The call a view is in, shared between the worker (writing) and the watchdog (reading): four int32s. */
export const PROGRESS_BYTES = 16;
const SEQUENCE = 0;

export interface CallInProgress {
  sequence: number;
  scenario: ScenarioId;
  call: CallKind;
  index: number;
}

export function progressWriter(buffer: SharedArrayBuffer): Progress {
  const slots = new Int32Array(buffer);
  return {
    enter(scenario, call, index) {
      slots[1] = SCENARIOS.indexOf(scenario);
      slots[2] = CALLS.indexOf(call);
      slots[3] = index;
      Atomics.add(slots, SEQUENCE, 1);
    },
  };
}

export function readProgress(buffer: SharedArrayBuffer): CallInProgress | undefined {
  const slots = new Int32Array(buffer);
  const sequence = Atomics.load(slots, SEQUENCE);
  if (sequence === 0) return undefined;
  return { sequence, scenario: SCENARIOS[slots[1]!]!, call: CALLS[slots[2]!]!, index: slots[3]! };
}
