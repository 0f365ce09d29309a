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

/** Several bad inputs of one stage, found together so that one run reports them all, each on its own input. */
export class InputErrors extends Error {
  readonly errors: InputError[];
  constructor(errors: InputError[]) {
    super(errors.map((error) => `${error.input}: ${error.message}`).join(' '));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}

/**
 * Checks inputs one after the other, keeping each one's error instead of stopping at the first: `done()` then
 * throws them all (InputErrors), or nothing when every check passed.
 */
export class InputProblems {
  readonly #errors: InputError[] = [];

  check<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (error instanceof InputErrors) this.#errors.push(...error.errors);
      else if (error instanceof InputError) this.#errors.push(error);
      else throw error;
      return undefined;
    }
  }

  done(): void {
    if (this.#errors.length === 1) throw this.#errors[0];
    if (this.#errors.length > 1) throw new InputErrors(this.#errors);
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
  /** Whose failure it is: the view's (its code, its project), or a tool's (an install, a download). */
  kind: 'view' | 'tool' = 'view';
  constructor(message: string, command: string, output: string, hint?: string, located: Found[] = []) {
    super(message);
    this.name = 'BuildError';
    this.command = command;
    this.output = output;
    this.hint = hint;
    this.located = located;
  }

  /** The same error, as a tool's failure (an install, a download): the network or the tool, not the view. */
  byTool(): this {
    this.kind = 'tool';
    return this;
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
