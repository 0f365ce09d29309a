import type { Found } from '../../kernel/findings.ts';
import { withoutPeriod } from '../../kernel/text.ts';
import { ISSUES_URL } from '../../kernel/version.ts';
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

/**
 * Validity is wasm-tools' validator's verdict. The reader must read every valid component (its imports and exports
 * decide the next rules); when it can't, that is the action's gap, said as such. When the validator could not run,
 * the reader and jco decide, as well as they can, and a warning says so.
 */
export const decodeRule: ValidationRule = {
  id: 'decodes',
  title: 'Decodes and validates completely',
  requires: ['component'],
  check({ facts }) {
    const findings: Found[] = [];
    const { validity, structureError: error } = facts;
    const total = facts.bytes?.length ?? 0;
    if (error && validity?.kind === 'valid') {
      findings.push(
        finding(
          'error',
          `The component validates (${validity.by}), but primatomic-view could not read its imports and exports ` +
            `(${error.message} at byte ${error.offset}), so they were not checked.`,
          `This is a gap in primatomic-view, not a fault of the view: please report it at ${ISSUES_URL} with the file.`,
        ),
      );
    } else if (error?.truncated) {
      findings.push(
        finding(
          'error',
          `The component ends early (${error.message} at byte ${error.offset} of ${total}): the file is truncated.`,
          'Rebuild the view, or re-download the artifact: an interrupted write or transfer cuts files short.',
        ),
      );
    } else if (validity?.kind === 'invalid') {
      findings.push(
        finding(
          'error',
          `The component does not validate: ${validity.message} (${validity.by}).`,
          'Rebuild the view with a current toolchain; a component that does not validate is refused by every ' +
            'runtime.',
        ),
      );
    } else if (error) {
      findings.push(
        finding(
          'error',
          `The component is malformed at byte ${error.offset}: ${error.message}.`,
          'Rebuild the view with a current toolchain; if it persists, report it to the maintainers of the tool ' +
            'that built it, with the file attached.',
        ),
      );
    }
    if (validity?.kind === 'unknown') {
      findings.push(
        finding(
          'warning',
          `The component was not checked by wasm-tools' validator: ${withoutPeriod(validity.reason)}. The reader of ` +
            'primatomic-view decided alone.',
          validity.hint,
        ),
      );
      if (facts.witError && !error) {
        findings.push(
          finding(
            'error',
            `jco could not decode the component: ${facts.witError}. Without the validator, primatomic-view cannot ` +
              'tell ' +
              'a component that does not validate from a valid one that WIT cannot express.',
            validity.hint ??
              'Let primatomic-view install wasm-tools (on GitHub Enterprise Server, set download-mirror), or install ' +
                'it in an earlier step so that it is on PATH.',
          ),
        );
      }
    } else if (facts.witError && validity?.kind === 'valid') {
      findings.push(
        finding(
          'warning',
          `The component is valid, but WIT cannot express it (${facts.witError}), so the wit output is not set.`,
          "Nothing to do for the deploy: Primatomic runs the component. Only the wit output, and the summary's " +
            'WIT, are missing.',
        ),
      );
    }
    for (const failure of facts.toolFailures) {
      findings.push(
        finding(
          'warning',
          `${failure.message}; the verdict does not depend on it.`,
          `Please report it at ${ISSUES_URL}.`,
        ),
      );
    }
    return findings;
  },
};
