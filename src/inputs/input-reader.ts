import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../kernel/errors.ts';
import { orList } from '../kernel/text.ts';
import { keepSecret } from '../printer/printer.ts';
import { TOOLS } from '../toolchain/tool-versions.ts';
import { SETTINGS } from './settings.ts';

export type GetInput = (name: string) => string;

/** The default of every setting that has one, as the code applies it when the setting is empty (settings.ts). */
export const INPUT_DEFAULTS: Record<string, string> = Object.fromEntries(
  SETTINGS.filter((setting) => setting.default).map((setting) => [setting.name, setting.default]),
);

const SECRETS = new Set(SETTINGS.filter((setting) => setting.secret).map((setting) => setting.name));

/**
 * Inputs whose empty value means a value the code picks later (a tool version: the project's own pin wins over the
 * default). action.yml says "Empty means <value>." for each.
 */
export const EMPTY_MEANS: Record<string, string> = Object.fromEntries(
  Object.values(TOOLS).map((tool) => [tool.input, tool.defaultVersion]),
);

/**
 * Reads inputs by name: each from the door once (trimmed, with its default applied), then checked into the shape a
 * stage takes as often as stages ask.
 */
export class InputReader {
  readonly #getInput: GetInput;
  readonly #read = new Map<string, string>();
  constructor(getInput: GetInput) {
    this.#getInput = getInput;
  }

  text(name: string): string {
    const known = this.#read.get(name);
    if (known !== undefined) return known;
    const value = this.#getInput(name).trim() || INPUT_DEFAULTS[name] || '';
    // A secret is masked as it is read, before anything can print it.
    if (SECRETS.has(name)) keepSecret(value);
    this.#read.set(name, value);
    return value;
  }

  optional(name: string): string | undefined {
    return this.text(name) || undefined;
  }

  boolean(name: string): boolean {
    const text = this.text(name);
    if (/^true$/i.test(text)) return true;
    if (/^false$/i.test(text)) return false;
    throw new InputError(name, `"${text}" is not a boolean. Use true or false.`);
  }

  /** A positive number of seconds (`60`, `1.5`, `90s`), in milliseconds. */
  seconds(name: string): number {
    const text = this.text(name);
    const seconds = /^\d+(\.\d+)?s?$/.test(text) ? Number.parseFloat(text) : Number.NaN;
    if (!(seconds > 0)) {
      throw new InputError(name, `"${text}" is not a number of seconds (e.g. ${INPUT_DEFAULTS[name] || 60}).`);
    }
    return seconds * 1000;
  }

  /** Comma- or newline-separated names. */
  list(name: string): string[] {
    return this.text(name)
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter(Boolean);
  }

  choice<T extends string>(name: string, choices: readonly T[], options: { caseInsensitive?: boolean } = {}): T {
    const given = this.text(name);
    const text = options.caseInsensitive ? given.toLowerCase() : given;
    if (!(choices as readonly string[]).includes(text)) {
      const expected =
        choices.length > 2 && !options.caseInsensitive ? `one of ${choices.join(', ')}` : orList(choices);
      throw new InputError(name, `"${given}" is not ${expected}.`);
    }
    return text as T;
  }

  /** Whether the input was given a value other than its default. */
  isSet(name: string): boolean {
    return this.text(name) !== (INPUT_DEFAULTS[name] ?? '');
  }

  /** An existing file, resolved against the folder; undefined when the input is empty. */
  file(name: string, folder: string): string | undefined {
    const given = this.text(name);
    if (!given) return undefined;
    const file = path.resolve(folder, given);
    if (!existsSync(file)) throw new InputError(name, `"${given}" does not exist in ${folder}.`);
    if (!statSync(file).isFile()) throw new InputError(name, `"${given}" is not a file.`);
    return file;
  }
}
