import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinSummaryLimit } from '../../src/report/run-record.ts';

describe('the job summary', () => {
  it('stays as it is under 1 MiB', () => {
    const markdown = '## Validation\n\n| a | b |\n';
    assert.equal(withinSummaryLimit(markdown), markdown);
  });

  it("is cut at a line under GitHub's 1 MiB limit, multi-byte text included, and says so", () => {
    const row = '| `wasi:x/y` | ✅ the same row, with multi-byte characters: ü ✓ |\n';
    const markdown = row.repeat(Math.ceil((3 << 20) / row.length));
    const cut = withinSummaryLimit(markdown);
    assert.ok(Buffer.byteLength(cut) <= 1 << 20, `${Buffer.byteLength(cut)} bytes`);
    assert.ok(Buffer.byteLength(cut) > 1_000_000);
    assert.match(
      cut,
      /\|\n\n---\n\*The summary was cut at 1 MiB, GitHub's limit for a step; the log has every finding\.\*$/,
    );
  });
});
