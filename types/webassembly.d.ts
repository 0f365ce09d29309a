// Node has the WebAssembly global, but TypeScript declares it only in the DOM and WebWorker libraries, which
// would bring browser globals along. These are the parts this project uses.
declare namespace WebAssembly {
  interface ModuleImportDescriptor {
    module: string;
    name: string;
    kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  }
  class Module {
    constructor(bytes: BufferSource);
    static imports(module: Module): ModuleImportDescriptor[];
    static exports(module: Module): Array<{ name: string; kind: ModuleImportDescriptor['kind'] }>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    readonly exports: Record<string, unknown>;
  }
  class RuntimeError extends Error {}
  function compile(bytes: BufferSource): Promise<Module>;
  // Bytes first: a Module has no members of its own, so bytes would also match the Module overload.
  function instantiate(
    bytes: BufferSource,
    imports?: Record<string, Record<string, unknown>>,
  ): Promise<{ module: Module; instance: Instance }>;
  function instantiate(module: Module, imports?: Record<string, Record<string, unknown>>): Promise<Instance>;
}
type BufferSource = ArrayBufferView | ArrayBuffer;
