/**
 * Why a view trapped, in its own words: the calls that led to each trap are replayed on the build's explainer (see
 * TrapExplainer), and what it says is kept on the trap for its finding.
 */
import { CAUGHT_ERROR_QUERY, type TrapExplainer, WRONG_RETURN_QUERY } from '../contract/explainer.ts';
import { type ReplayedCall, replayOnCore } from './core-replay.ts';
import type { Trap, WrongReturn } from './scenarios.ts';
import type { TestEvent, TestQuery } from './test-files.ts';
import { loadView } from './view-runtime.ts';

/** How many distinct traps are replayed: each replay runs its scenario again. */
const EXPLAINED_TRAPS = 3;

export async function explainTraps(traps: Trap[], explainer: TrapExplainer): Promise<void> {
  const seen = new Set<string>();
  for (const trap of traps) {
    const key = `${trap.call}:${trap.index}`;
    if (trap.history.length === 0 || seen.has(key) || seen.size >= EXPLAINED_TRAPS) continue;
    seen.add(key);
    const said =
      explainer.kind === 'preview1-core'
        ? await replayOnCore(explainer.bytes, trap.history).then((replay) => (replay.trapped ? replay.output : ''))
        : await lastCaughtError(explainer.bytes, trap.history);
    if (said.trim()) trap.viewOutput = said;
  }
}

/** Replays the calls on a build that catches what the view throws, then asks it what it caught. */
async function lastCaughtError(component: Uint8Array, calls: ReplayedCall[]): Promise<string> {
  try {
    const { machine } = await (await loadView(component)).instantiate();
    for (const [call, argument] of calls) {
      if (call === 'init' || call === 'snapshot') machine[call]();
      else machine[call](argument);
    }
    return new TextDecoder().decode(machine.query(new TextEncoder().encode(CAUGHT_ERROR_QUERY)));
  } catch {
    // The explainer itself failed (it traps where the view does not catch): nothing more to say.
    return '';
  }
}

/**
 * What query and snapshot returned when it was not bytes, on a `caught-errors` build: init, every event, every
 * sample query and a snapshot, asking after each what it returned. Other explainers cannot tell: undefined.
 */
export async function wrongReturns(
  explainer: TrapExplainer,
  events: TestEvent[],
  queries: TestQuery[],
): Promise<WrongReturn[] | undefined> {
  if (explainer.kind !== 'caught-errors') return undefined;
  try {
    const { machine } = await (await loadView(explainer.bytes)).instantiate();
    const ask = () => new TextDecoder().decode(machine.query(new TextEncoder().encode(WRONG_RETURN_QUERY)));
    machine.init();
    for (const event of events) machine.append(event.bytes);
    const found: WrongReturn[] = [];
    queries.forEach((query, index) => {
      machine.query(query.input);
      const returned = ask();
      if (returned) found.push({ call: 'query', index, returned });
    });
    machine.snapshot();
    const returned = ask();
    if (returned) found.push({ call: 'snapshot', index: -1, returned });
    return found;
  } catch {
    return undefined; // the explainer trapped where the first run did not: nothing to tell
  }
}
