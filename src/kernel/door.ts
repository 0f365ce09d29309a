/**
 * The front door a run came in through: the GitHub Action or the command line. The pipeline is the same; only a
 * few words differ, where a hint says how to set something up (an earlier workflow step, or a tool on PATH) or
 * where a secret comes from.
 */
export type DoorName = 'action' | 'cli';

let current: DoorName = 'action';

/** Said once, by the door, before anything runs. */
export function enterThrough(door: DoorName): void {
  current = door;
}

/** The words for the door the run came in through. */
export function byDoor(words: Record<DoorName, string>): string {
  return words[current];
}

/** How to get a tool the run needs: an action step before this one, or an install on PATH. */
export function setUpHint(step: string, tool: string): string {
  return byDoor({ action: `Add ${step} before this step.`, cli: `Install ${tool} and put it on PATH.` });
}
