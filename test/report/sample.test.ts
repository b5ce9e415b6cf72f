/**
 * An index larger than one page can hold is shown as a sample (--max-papers): every theme in proportion to
 * its size, none left out, the same sample for the same seed, and the report says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/model.js';
import { sampleRowsByTheme } from '../../src/report/sample.js';
import type { Membership } from '../../src/store/records.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL_ID } from '../helpers/paths.js';
import { writeSyntheticCorpus } from '../helpers/synthetic.js';

describe('sampleRowsByTheme', () => {
  // 1,000 papers: themes of 700, 250, 49 and 1 paper.
  const labels = Int32Array.from({ length: 1000 }, (_, i) => 10 + i);
  const themeOf = (row: number) => (row < 700 ? 0 : row < 950 ? 1 : row < 999 ? 2 : 3);
  const membership = new Map<number, Membership>(Array.from(labels, (label, row) => [label, { theme: themeOf(row) }]));

  it('keeps each theme in proportion, the smallest too, in storage order', () => {
    const rows = sampleRowsByTheme(labels, membership, 100, 42);
    const perTheme = [0, 1, 2, 3].map((t) => [...rows].filter((r) => themeOf(r) === t).length);
    expect(perTheme).toEqual([70, 25, 5, 1]);
    expect([...rows]).toEqual([...rows].sort((a, b) => a - b));
    expect(new Set(rows).size).toBe(rows.length);
  });

  it('is the same sample for the same seed, another for another seed, and everything under the cap', () => {
    expect(sampleRowsByTheme(labels, membership, 100, 42)).toEqual(sampleRowsByTheme(labels, membership, 100, 42));
    expect(sampleRowsByTheme(labels, membership, 100, 7)).not.toEqual(sampleRowsByTheme(labels, membership, 100, 42));
    expect(sampleRowsByTheme(labels, membership, 1000, 42)).toEqual(Int32Array.from(labels.keys()));
  });
});

describe('paperscope report --max-papers', () => {
  const tmp = tempDir('paperscope-report-sample-');
  const index = join(tmp.path, 'index');
  beforeAll(async () => {
    const corpus = join(tmp.path, 'papers.jsonl');
    writeSyntheticCorpus(corpus, 250);
    const r = await runCli(['ingest', corpus, '--index', index, '--model', TINY_MODEL_ID]);
    expect(r.code, r.stderr).toBe(0);
    expect((await runCli(['themes', '--index', index, '--k', '5'])).code).toBe(0);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('shows a sample of an index above the cap, says so, and links only papers on the page', async () => {
    const out = join(tmp.path, 'report.json');
    const r = await runCli(['report', '--index', index, '--max-papers', '100', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const model = JSON.parse(readFileSync(out, 'utf8')) as ReportModel;
    expect(model.meta.counts).toMatchObject({ papers: 100, collectionPapers: 250 });
    expect(model.meta.notes.join('\n')).toMatch(/a sample of 100 of the index's 250 papers/);
    expect(new Set(model.papers.map((p) => p.theme))).toEqual(new Set(model.themes.map((t) => t.id)));
    for (const p of model.papers) for (const n of p.neighbors) expect(n.index).toBeLessThan(model.papers.length);
    const whole = await runCli(['report', '--index', index, '--out', join(tmp.path, 'whole.json')]);
    expect(whole.code, whole.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(tmp.path, 'whole.json'), 'utf8')) as ReportModel).meta.counts).toMatchObject({ papers: 250, collectionPapers: 250 });
  });

  it('refuses a cap below 100', async () => {
    const r = await runCli(['report', '--index', index, '--max-papers', '10', '--out', join(tmp.path, 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-papers/);
  });
});
