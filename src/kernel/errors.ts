import type { Found, SourceLocation } from './findings.ts';

/**
 * A bad input value: reported naming the input (and the line of the file it names, when the problem is in one),
 * distinct from a crash of the action itself.
 */
export class InputError extends Error {
  readonly input: string;
  readonly location: SourceLocation | undefined;
  constructor(input: string, message: string, location?: SourceLocation) {
    super(message);
    this.name = 'InputError';
    this.input = input;
    this.location = location;
  }
}

/**
 * A build that could not produce the component, from installing a tool to the last command: what failed, the
 * command, its output (for diagnostics), and what to do.
 */
export class BuildError extends Error {
  readonly command: string;
  readonly output: string;
  readonly hint: string | undefined;
  /** Errors already placed on the user's files, when the failure knows them (an import on its source line). */
  readonly located: Found[];
  constructor(message: string, command: string, output: string, hint?: string, located: Found[] = []) {
    super(message);
    this.name = 'BuildError';
    this.command = command;
    this.output = output;
    this.hint = hint;
    this.located = located;
  }
}

/**
 * A tool the action relies on broke (a panic in jco's wasm-tools, a validator that crashed): the action's fault or
 * the tool's, never the user's input. Its own words, when it had any, are kept for the debug log.
 */
export class ToolFailure extends Error {
  readonly tool: string;
  readonly detail: string;
  constructor(tool: string, message: string, detail = '') {
    super(message);
    this.name = 'ToolFailure';
    this.tool = tool;
    this.detail = detail;
  }
}
