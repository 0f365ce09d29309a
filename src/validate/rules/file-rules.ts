import { byDoor } from '../../kernel/door.ts';
import { formatSize, PRIMATOMIC_LIMIT_BYTES } from '../../kernel/size.ts';
import { finding, type ValidationRule } from './rule.ts';

export const fileRule: ValidationRule = {
  id: 'file',
  title: 'The file exists and is not empty',
  requires: [],
  check({ facts }) {
    switch (facts.stat.kind) {
      case 'missing':
        return [
          finding(
            'error',
            `No file at ${facts.path}.`,
            byDoor({
              action:
                'Build the view before this step, or fix `component` (it is relative to `working-directory`); ' +
                'check that actions/checkout ran, when the view is committed.',
              cli:
                'Build the view first (primatomic-view build), or fix the path (it is relative to ' +
                '--working-directory).',
            }),
          ),
        ];
      case 'not-a-file':
        return [finding('error', `${facts.path} ${facts.stat.why}.`, 'Give the path of the built .wasm file.')];
      case 'file':
        return facts.stat.size === 0
          ? [
              finding(
                'error',
                `${facts.path} is empty (0 bytes).`,
                "The build wrote an empty file: check the build step's log.",
              ),
            ]
          : [];
    }
  },
};

export const sizeRule: ValidationRule = {
  id: 'size',
  title: 'Within the size limit',
  requires: ['file'],
  check({ facts, maxSizeBytes }) {
    if (facts.stat.kind !== 'file' || facts.stat.size <= maxSizeBytes) return [];
    const limit =
      maxSizeBytes === PRIMATOMIC_LIMIT_BYTES
        ? "Primatomic's limit"
        : `max-size (Primatomic's own limit is ${formatSize(PRIMATOMIC_LIMIT_BYTES)})`;
    return [
      finding(
        'error',
        `The view is ${formatSize(facts.stat.size)}, over the limit of ${formatSize(maxSizeBytes)}, ${limit}.`,
        'Build in release mode, strip debug information (e.g. `wasm-tools strip`), and drop unused dependencies' +
          (maxSizeBytes === PRIMATOMIC_LIMIT_BYTES ? '.' : '; or raise max-size.'),
      ),
    ];
  },
};
