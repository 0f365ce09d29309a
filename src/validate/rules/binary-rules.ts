import { COMPONENT_VERSION } from '../../wasm/header.ts';
import { finding, type ValidationRule } from './rule.ts';

export const componentRule: ValidationRule = {
  id: 'component',
  title: 'A component, not a core module',
  requires: ['file', 'size'],
  check({ facts, hints }) {
    const binary = facts.binary;
    if (!binary) return [];
    switch (binary.kind) {
      case 'component':
        return [];
      case 'core-module':
        return [finding('error', 'The file is a core WebAssembly module, not a component.', hints.coreModule)];
      case 'other-component-version':
        return [
          finding(
            'error',
            `The component uses binary format version 0x${binary.version.toString(16)}; current runtimes read ` +
              `0x${COMPONENT_VERSION.toString(16)}.`,
            'Rebuild the view with a current toolchain.',
          ),
        ];
      case 'wasm-text':
        return [
          finding(
            'error',
            'The file is WebAssembly text (WAT), not a binary.',
            'Convert it with `wasm-tools parse view.wat -o view.wasm`, or give the built .wasm.',
          ),
        ];
      case 'not-wasm':
        return [
          finding(
            'error',
            `The file is not WebAssembly: ${binary.reason}.`,
            'Check that `component` points at the build output, not a source or archive.',
          ),
        ];
    }
  },
};

export const decodeRule: ValidationRule = {
  id: 'decodes',
  title: 'Decodes and validates completely',
  requires: ['component'],
  check({ facts }) {
    const findings = [];
    const error = facts.structureError;
    if (error) {
      const total = facts.bytes?.length ?? 0;
      findings.push(
        error.truncated
          ? finding(
              'error',
              `The component ends early (${error.message} at byte ${error.offset} of ${total}): the file is truncated.`,
              'Rebuild the view, or re-download the artifact: an interrupted write or transfer cuts files short.',
            )
          : finding(
              'error',
              `The component is malformed at byte ${error.offset}: ${error.message}.`,
              'Rebuild the view with a current toolchain; if it persists, report it with the file attached.',
            ),
      );
    }
    if (facts.witError && !error) {
      findings.push(
        finding(
          'error',
          `The component does not validate: ${facts.witError}`,
          'Rebuild the view; a component that does not validate is refused by every runtime.',
        ),
      );
    }
    return findings;
  },
};
