import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSize, parseSize } from '../../src/kernel/size.ts';

describe('sizes', () => {
  it('parses byte counts and decimal and binary units, any case', () => {
    assert.equal(parseSize('100MB'), 100_000_000);
    assert.equal(parseSize('1048576'), 1_048_576);
    assert.equal(parseSize('512 KiB'), 524_288);
    assert.equal(parseSize('1.5mib'), 1_572_864);
    assert.equal(parseSize('2GB'), 2_000_000_000);
    assert.equal(parseSize('10kb'), 10_000);
  });

  it('refuses unknown units and non-numbers', () => {
    for (const text of ['100 MiBs', '100TB', 'MB', '-5MB', 'ten', '']) assert.equal(parseSize(text), undefined, text);
  });

  it("formats in Primatomic's decimal units with the exact count", () => {
    assert.equal(formatSize(999), '999 bytes');
    assert.equal(formatSize(12_475_513), '12.5 MB (12475513 bytes)');
    assert.equal(formatSize(2085), '2.1 KB (2085 bytes)');
  });
});
