/**
 * Test views built from text at test time: a WAT core module embedded with a WIT world and wrapped into a
 * component through jco's wasm-tools (parse, componentEmbed, componentNew), the way toolchains do it.
 */
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco-transpile/wasm-tools';

export const MACHINE = 'primatomic:machine/machine@0.0.1';
const FUNCTIONS = ['init', 'append', 'query', 'snapshot', 'restore'] as const;
type MachineFunction = (typeof FUNCTIONS)[number];

export interface WitOptions {
  version?: string;
  omit?: MachineFunction[];
  /** Replaces a function's declared type, e.g. `{ query: 'func(input: list<u8>) -> string' }`. */
  signatures?: Partial<Record<MachineFunction, string>>;
  /** Extra lines inside the world (imports, exports). */
  worldItems?: string[];
  /** Extra packages, in WIT's nested `package a:b@1.0.0 { ... }` form. */
  packages?: string[];
}

const DEFAULT_SIGNATURES: Record<MachineFunction, string> = {
  init: 'func()',
  append: 'func(event: list<u8>)',
  query: 'func(input: list<u8>) -> list<u8>',
  snapshot: 'func() -> list<u8>',
  restore: 'func(snapshot: list<u8>)',
};

export function machineWit(options: WitOptions = {}): string {
  const functions = FUNCTIONS.filter((name) => !options.omit?.includes(name)).map(
    (name) => `  ${name}: ${options.signatures?.[name] ?? DEFAULT_SIGNATURES[name]};`,
  );
  return [
    `package primatomic:machine@${options.version ?? '0.0.1'};`,
    '',
    'interface machine {',
    ...functions,
    '}',
    '',
    'world state-machine {',
    '  export machine;',
    ...(options.worldItems ?? []).map((item) => `  ${item}`),
    '}',
    ...(options.packages ?? []),
    '',
  ].join('\n');
}

export interface ModuleOptions {
  version?: string;
  omit?: MachineFunction[];
  /** Core imports, placed first as WAT requires. */
  imports?: string[];
  /** Extra core definitions (functions, exports). */
  definitions?: string[];
  /** Replaces a function's body (its signature stays; parameters are $ptr and $len). */
  bodies?: Partial<Record<MachineFunction, string>>;
}

/** The core signatures the canonical ABI gives the machine functions (lists are pointer and length). */
const CORE_SIGNATURES: Record<MachineFunction, string> = {
  init: '',
  append: '(param $ptr i32) (param $len i32)',
  query: '(param $ptr i32) (param $len i32) (result i32)',
  snapshot: '(result i32)',
  restore: '(param $ptr i32) (param $len i32)',
};

/** State at address 0: [events seen: u32][sum of event bytes: u32]. */
export const COUNTER_BODIES: Record<MachineFunction, string> = {
  init: '(i64.store (i32.const 0) (i64.const 0))',
  append: `(i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
      (block (loop (br_if 1 (i32.eqz (local.get $len)))
        (i32.store (i32.const 4) (i32.add (i32.load (i32.const 4)) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br 0)))`,
  query: '(call $state)',
  snapshot: '(call $state)',
  restore: `(if (i32.ne (local.get $len) (i32.const 8)) (then unreachable))
      (i64.store (i32.const 0) (i64.load (local.get $ptr)))`,
};

/**
 * A counting view: state is [events seen: u32][sum of all event bytes: u32]; query and snapshot return those
 * eight bytes; restore takes them back (and traps on anything but eight bytes).
 */
export function counterModule(options: ModuleOptions = {}): string {
  const name = `primatomic:machine/machine@${options.version ?? '0.0.1'}`;
  const bodies = { ...COUNTER_BODIES, ...options.bodies };
  const functions = FUNCTIONS.filter((fn) => !options.omit?.includes(fn)).map(
    (fn) => `(func (export "${name}#${fn}") ${CORE_SIGNATURES[fn]}\n      ${bodies[fn]})`,
  );
  return `(module
    ${(options.imports ?? []).join('\n    ')}
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow
          (i32.add (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16))
                   (i32.const 1))))))
      (local.get $p))
    (func $state (result i32)
      (i64.store (i32.const 32) (i64.load (i32.const 0)))
      (i32.store (i32.const 16) (i32.const 32))
      (i32.store (i32.const 20) (i32.const 8))
      (i32.const 16))
    ${functions.join('\n    ')}
    ${(options.definitions ?? []).join('\n    ')}
  )`;
}

export async function coreModule(wat: string): Promise<Uint8Array> {
  return parse(wat);
}

export async function buildComponent(wat: string, wit: string, world = 'state-machine'): Promise<Uint8Array> {
  const embedded = await componentEmbed({ binary: await parse(wat), witSource: wit, world });
  return componentNew(embedded, undefined);
}

/** The fixtures the validation rules are held to, each built from the text above. */
export const fixtures = {
  valid: () => buildComponent(counterModule(), machineWit()),
  coreModule: () => coreModule(counterModule()),
  wasiImport: () =>
    buildComponent(
      counterModule({ imports: ['(import "wasi:random/random@0.2.0" "get-random-u64" (func (result i64)))'] }),
      machineWit({
        worldItems: ['import wasi:random/random@0.2.0;'],
        packages: ['package wasi:random@0.2.0 { interface random { get-random-u64: func() -> u64; } }'],
      }),
    ),
  command: () =>
    buildComponent(
      counterModule({ definitions: ['(func (export "wasi:cli/run@0.2.0#run") (result i32) (i32.const 0))'] }),
      machineWit({
        worldItems: ['export wasi:cli/run@0.2.0;'],
        packages: ['package wasi:cli@0.2.0 { interface run { run: func() -> result; } }'],
      }),
    ),
  extraExport: () =>
    buildComponent(
      counterModule({
        definitions: ['(func (export "primatomic:extra/stats@0.1.0#count") (result i32) (i32.const 0))'],
      }),
      machineWit({
        worldItems: ['export primatomic:extra/stats@0.1.0;'],
        packages: ['package primatomic:extra@0.1.0 { interface stats { count: func() -> u32; } }'],
      }),
    ),
  wrongVersion: () => buildComponent(counterModule({ version: '0.0.2' }), machineWit({ version: '0.0.2' })),
  wrongSignature: () =>
    buildComponent(counterModule(), machineWit({ signatures: { query: 'func(input: list<u8>) -> string' } })),
  renamedParameter: () =>
    buildComponent(counterModule(), machineWit({ signatures: { append: 'func(bytes: list<u8>)' } })),
  missingFunction: () => buildComponent(counterModule({ omit: ['restore'] }), machineWit({ omit: ['restore'] })),
  /** query lifted with the component model's async ABI (a callback, the result through task.return). */
  asyncQuery: () =>
    buildComponent(
      counterModule({
        omit: ['query'],
        imports: [`(import "[export]${MACHINE}" "[task-return]query" (func $task_return (param i32 i32)))`],
        definitions: [
          `(func (export "[async-lift]${MACHINE}#query") (param $ptr i32) (param $len i32) (result i32)
            (call $task_return (i32.const 0) (i32.const 0)) (i32.const 0))`,
          `(func (export "[callback][async-lift]${MACHINE}#query") (param i32 i32 i32) (result i32) (i32.const 0))`,
        ],
      }),
      machineWit({ signatures: { query: 'async func(input: list<u8>) -> list<u8>' } }),
    ),
};

const COUNT_UP = '(i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))';
/** `(if <event's first byte is '!'> (then ...))` */
const onBang = (then: string) => `(if (i32.eq (i32.load8_u (local.get $ptr)) (i32.const 0x21)) (then ${then}))`;

/** Views that each break one rule of the contract, for the conformance test; `!` is the trigger event. */
export const brokenViews = {
  /** restore keeps the event count but forgets the byte sum. */
  forgetfulRestore: () =>
    buildComponent(
      counterModule({
        bodies: {
          restore: '(i32.store (i32.const 0) (i32.load (local.get $ptr))) (i32.store (i32.const 4) (i32.const 0))',
        },
      }),
      machineWit(),
    ),
  /** restore adds the snapshot to the state instead of replacing it. */
  accumulatingRestore: () =>
    buildComponent(
      counterModule({
        bodies: {
          restore: `(i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.load (local.get $ptr))))
      (i32.store (i32.const 4) (i32.add (i32.load (i32.const 4)) (i32.load offset=4 (local.get $ptr))))`,
        },
      }),
      machineWit(),
    ),
  /** query counts itself as an event. */
  mutatingQuery: () => buildComponent(counterModule({ bodies: { query: `${COUNT_UP} (call $state)` } }), machineWit()),
  /** snapshot counts itself as an event. */
  mutatingSnapshot: () =>
    buildComponent(counterModule({ bodies: { snapshot: `${COUNT_UP} (call $state)` } }), machineWit()),
  /** append traps on an event starting with `!`. */
  trapOnBang: () =>
    buildComponent(
      counterModule({ bodies: { append: `${onBang('unreachable')} ${COUNTER_BODIES.append}` } }),
      machineWit(),
    ),
  /** append never returns on an event starting with `!`. */
  endlessOnBang: () =>
    buildComponent(
      counterModule({ bodies: { append: `${onBang('(loop (br 0))')} ${COUNTER_BODIES.append}` } }),
      machineWit(),
    ),
  /** append keeps the allocator's position as its "sum": the state depends on what was allocated before. */
  addressDependent: () =>
    buildComponent(
      counterModule({ bodies: { append: `${COUNT_UP} (i32.store (i32.const 4) (global.get $heap))` } }),
      machineWit(),
    ),
  /**
   * query and snapshot report where the allocator stands: a state that depends on what was allocated before, so
   * neither a replay with queries in between nor a restore in a fresh instance gives it back.
   */
  heapInSnapshot: () =>
    buildComponent(
      counterModule({
        bodies: {
          query: '(i32.store (i32.const 4) (global.get $heap)) (call $state)',
          snapshot: '(i32.store (i32.const 4) (global.get $heap)) (call $state)',
        },
      }),
      machineWit(),
    ),
  /** append calls an imported WASI function. */
  callsImport: () =>
    buildComponent(
      counterModule({
        imports: ['(import "wasi:random/random@0.2.0" "get-random-u64" (func $random (result i64)))'],
        bodies: { append: `(drop (call $random)) ${COUNTER_BODIES.append}` },
      }),
      machineWit({
        worldItems: ['import wasi:random/random@0.2.0;'],
        packages: ['package wasi:random@0.2.0 { interface random { get-random-u64: func() -> u64; } }'],
      }),
    ),
};
