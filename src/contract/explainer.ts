/**
 * What a build gives the conformance test to say why a view trapped (and, for JavaScript, what a call returned that
 * was not bytes): the view in a second form the test replays the calls on. Made by the languages, read by the
 * conformance test; neither knows the other.
 */

/**
 * A second form of the view that can say why it trapped, for the conformance test to replay the calls that led to
 * a trap on: the WASI preview 1 core module inside a Go component (run with its stderr kept, which shows a panic),
 * or a component whose calls catch what the view throws and answer it to the query CAUGHT_ERROR_QUERY (JavaScript,
 * Python).
 */
export type TrapExplainer = { kind: 'preview1-core'; bytes: Uint8Array } | { kind: 'caught-errors'; bytes: Uint8Array };

/** The query a `caught-errors` build answers with the text of the last exception it caught. */
export const CAUGHT_ERROR_QUERY = '\u0000primatomic:last-error';
/**
 * The query a `caught-errors` build answers with what the last query or snapshot returned when that was not bytes
 * (empty when it was bytes); asking clears it.
 */
export const WRONG_RETURN_QUERY = '\u0000primatomic:wrong-return';
