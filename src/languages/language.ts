/** What the action knows of one source language: how to recognise its components and what to tell its users. */
export interface Language {
  id: LanguageId;
  displayName: string;
  /** Names in a component's producers section (`language` or `processed-by`) that identify this language. */
  producerNames: string[];
  hints: LanguageHints;
}

export type LanguageId = 'rust' | 'go' | 'js' | 'python';

/** Next steps for a validation failure, in this language's terms. */
export interface LanguageHints {
  /** The file is a core module: how to build a component instead. */
  coreModule: string;
  /** The component imports WASI: which build setting causes it and how to avoid it. */
  wasiImports: string;
  /** The component exports `wasi:cli/run`: how to build a reactor instead. */
  command: string;
  /** The exports do not match the world: where this language takes the WIT and world from. */
  worldMismatch: string;
}
