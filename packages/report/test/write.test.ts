import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport, writeReport } from '../src/index.ts';
import { loadFixture } from './__helpers__/fixtures.ts';

describe('writeReport', () => {
  it('writes the rendered report, creating the directory, leaving no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-report-'));
    const out = join(dir, 'nested', 'report.html');
    await writeReport([loadFixture('one-strategy')], out, { title: 'gil only' });
    expect(readFileSync(out, 'utf8')).toBe(await renderReport([loadFixture('one-strategy')], { title: 'gil only' }));
    expect(readdirSync(join(dir, 'nested'))).toEqual(['report.html']);
  });

  it('replaces an existing report, and leaves it untouched when rendering fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rclab-report-'));
    const out = join(dir, 'report.html');
    writeFileSync(out, 'old');
    await expect(writeReport([{ schema: 'bad' } as never], out)).rejects.toThrow(/not an rclab results file/);
    expect(readFileSync(out, 'utf8')).toBe('old');
    await writeReport([loadFixture('empty')], out);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readdirSync(dir)).toEqual(['report.html']);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });
});
