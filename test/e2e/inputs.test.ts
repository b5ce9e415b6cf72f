import { existsSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexInfo, IngestSummary, PaperInfo, SearchResponse, SimilarResponse } from '../../src/api.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { FIXTURES, TINY_MODEL_ID } from '../helpers/paths.js';

/** Ingesting the exports researchers have, in any order, as a user does with the CLI. */

const CORPUS = join(FIXTURES, 'corpus');
const ATOM = join(CORPUS, 'arxiv-api.atom');
let tmp: ReturnType<typeof tempDir>;
let zengBib: string;

/** The paper of the Atom fixture (16 authors, 1,374-character abstract, cs.CV cs.RO) as a Zotero entry knows it. */
const ZENG_BIB = `@article{zeng_sensor_2025,
  title = {Sensor Simulation via Gaussian Splatting: Scalable Editing of {LiDAR} and Camera Scenes for Autonomous Driving},
  author = {Zeng, Xianming},
  journal = {IEEE Robotics and Automation Letters},
  year = {2025},
  eprint = {2503.11731},
  archivePrefix = {arXiv},
  abstract = {Simulating sensors realistically is central to testing autonomous vehicles before they meet public roads. We present a simulator that represents a driving scene as a set of anisotropic 3D Gaussians shared by the camera and the LiDAR, rendering both sensors from the same primitives.},
}
`;

beforeAll(() => {
  tmp = tempDir();
  zengBib = join(tmp.path, 'zotero.bib');
  writeFileSync(zengBib, ZENG_BIB);
});
afterAll(() => tmp.cleanup());

const ingest = async (index: string, files: string[]) => {
  const r = await runCli(['ingest', ...files, '--index', index, '--model', TINY_MODEL_ID, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return json<IngestSummary>(r);
};
const paperOf = async (index: string, ref: string) => json<PaperInfo>(await runCli(['info', ref, '--index', index, '--json']));

describe('one paper from two exports', () => {
  it('keeps the best of both whichever comes first, in one run or in two', async () => {
    const stored: PaperInfo[] = [];
    for (const [name, runs] of [
      ['atom-then-bib', [[ATOM], [zengBib]]],
      ['bib-then-atom', [[zengBib], [ATOM]]],
      ['one-run', [[zengBib, ATOM]]],
    ] as const) {
      const index = join(tmp.path, name);
      for (const files of runs) await ingest(index, [...files]);
      stored.push(await paperOf(index, '2503.11731'));
    }
    for (const { paper } of stored) {
      expect(paper.authors).toHaveLength(16);
      expect(paper.abstract.length).toBeGreaterThan(1300);
      expect(paper.categories).toEqual(['cs.CV', 'cs.RO']);
      expect(paper.date).toBe('2025-03-18');
      expect(paper.doi).toBe('10.1109/LRA.2025.3551234');
      expect(paper.sources.map((s) => s.format).sort()).toEqual(['arxiv-atom', 'bibtex']);
    }
    // The same paper, field for field, in every order (only the time stamps differ).
    expect(stored[1].paper).toEqual(stored[0].paper);
    expect(stored[2].paper).toEqual(stored[0].paper);
    expect(stored[0].names).toEqual(expect.arrayContaining(['2503.11731', '10.1109/lra.2025.3551234', 'zeng_sensor_2025']));
  });

  it('the filters still find it after the poorer export, and re-running unchanged files says unchanged', async () => {
    const index = join(tmp.path, 'filters');
    await ingest(index, [ATOM]);
    const again = await ingest(index, [zengBib]);
    expect(again).toMatchObject({ new: 0, updated: 1, embedded: 0 });
    const found = json<SearchResponse>(
      await runCli(['search', 'gaussian splatting', '--mode', 'lexical', '--author', 'Yong Liu', '--category', 'cs.RO', '--index', index, '--json']),
    );
    expect(found.hits.map((h) => h.id)).toEqual(['2503.11731']);
    const rerun = await ingest(index, [ATOM, zengBib]);
    expect(rerun).toMatchObject({ new: 0, updated: 0, unchanged: 3, embedded: 0 });
    expect((await ingest(index, [zengBib])).unchanged).toBe(1);
  });

  it('a corrected record from the only file a paper came from replaces it and is re-embedded', async () => {
    const index = join(tmp.path, 'correction');
    const file = join(tmp.path, 'mine.jsonl');
    const record = { id: 'mypaper-1', title: 'Pruning Attention Heads', abstract: 'We prune attention heads of large transformer models and keep accuracy with a third of the heads removed.' };
    writeFileSync(file, `${JSON.stringify(record)}\n`);
    await ingest(index, [file]);
    // No arXiv id or DOI: the file's own id and the file tell it is the same record, now corrected.
    writeFileSync(file, `${JSON.stringify({ ...record, abstract: 'We prune attention heads and keep accuracy.' })}\n`);
    const fixed = await ingest(index, [file]);
    expect(fixed).toMatchObject({ new: 0, updated: 1, embedded: 1, papersInIndex: 1 });
    expect((await paperOf(index, 'mypaper-1')).paper.abstract).toBe('We prune attention heads and keep accuracy.');
  });
});

describe('a source id is a name the paper goes by', () => {
  it('similar, info and remove take a JSON Lines id and a BibTeX key', async () => {
    const index = join(tmp.path, 'names');
    const file = join(tmp.path, 'own-ids.jsonl');
    writeFileSync(
      file,
      [
        { id: 'mypaper-1', title: 'Energy-Aware Scheduling of Federated Learning Rounds', abstract: 'We schedule federated learning rounds on battery-powered phones so that no client drains its battery.' },
        { id: 'mypaper-2', title: 'Quantised Attention for Speech Recognition', abstract: 'Eight-bit attention halves the latency of a streaming speech recogniser at equal word error rate.' },
      ].map((o) => JSON.stringify(o)).join('\n'),
    );
    await ingest(index, [file, join(CORPUS, 'zotero.bib')]);
    const like = json<SimilarResponse>(await runCli(['similar', 'mypaper-1', '--index', index, '--json']));
    expect(like.of).toMatchObject({ title: 'Energy-Aware Scheduling of Federated Learning Rounds', matchedBy: 'id' });
    expect(like.of.id).toMatch(/^h:/);
    expect((await paperOf(index, 'vaswani_attention_2017')).paper.id).toBe('1706.03762');
    const removed = await runCli(['remove', 'mypaper-2', 'muller_schrodinger_2021', '--index', index, '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(json<{ papersInIndex: number }>(removed).papersInIndex).toBe(2);
    const gone = await runCli(['similar', 'mypaper-2', '--index', index]);
    expect(gone.code).toBe(1);
  });

  it('a name two files gave different papers is refused by remove, naming both ids; nothing is removed', async () => {
    const index = join(tmp.path, 'shared-name');
    const a = join(tmp.path, 'a.jsonl');
    const b = join(tmp.path, 'b.jsonl');
    writeFileSync(a, JSON.stringify({ id: '1', title: 'Graph Transformers at Scale', abstract: 'Attention over graphs with a million nodes.' }));
    writeFileSync(b, JSON.stringify({ id: '1', title: 'Protein Folding with Diffusion', abstract: 'A diffusion model predicts protein structures.' }));
    await ingest(index, [a, b]);
    const r = await runCli(['remove', '1', '--index', index]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^paperscope: 1 names 2 papers \(h:[0-9a-f]{12}, h:[0-9a-f]{12}\) in index .*; nothing was removed\n/);
    expect(json<IndexInfo>(await runCli(['info', '--index', index, '--json'])).papers).toBe(2);
  });
});

describe('names with accents', () => {
  it('--author matches without accents and in either composition; NFC names from BibTeX', async () => {
    const index = join(tmp.path, 'accents');
    const bib = join(tmp.path, 'accents.bib');
    writeFileSync(
      bib,
      "@article{garcia_2021,\n  title = {Calibrated Uncertainty for Clinical Risk Models},\n  author = {Garc{\\'\\i}a, Mar{\\'\\i}a and M{\\\"u}ller, J{\\\"o}rg},\n  abstract = {Risk models trained on records from several hospitals are over-confident at sites unlike the training data.},\n  year = {2021},\n}\n",
    );
    await ingest(index, [bib]);
    for (const author of ['María', 'maria', 'Mari\u0301a', 'muller', 'MÜLLER', 'García']) {
      const r = json<SearchResponse>(await runCli(['search', 'risk models', '--mode', 'lexical', '--author', author, '--index', index, '--json']));
      expect(r.hits.map((h) => h.authors), author).toEqual([['María García', 'Jörg Müller']]);
    }
    const none = json<SearchResponse>(await runCli(['search', 'risk models', '--mode', 'lexical', '--author', 'Mario', '--index', index, '--json']));
    expect(none.hits).toEqual([]);
    // similar by title words, accents aside
    const like = json<SimilarResponse>(await runCli(['similar', 'calibrated uncertainty clinical', '--index', index, '--json']));
    expect(like.of.matchedBy).toBe('title');
  });
});

describe('saying what happened', () => {
  it('ingest of a missing file leaves no index folder', async () => {
    const index = join(tmp.path, 'never');
    const r = await runCli(['ingest', join(tmp.path, 'nosuch.jsonl'), '--index', index, '--model', TINY_MODEL_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nosuch\.jsonl: no such file\./);
    expect(existsSync(index)).toBe(false);
  });

  it('a JSON Lines file with no recognisable abstract: the keys it has, the --map to use, exit 1, no index', async () => {
    const index = join(tmp.path, 'no-abstract');
    const file = join(tmp.path, 'notes.jsonl');
    writeFileSync(file, '{"id": "n1", "title": "Reading notes", "notes": "Long notes about the paper."}\n{"id": "n2", "title": "More notes", "notes": "Other notes."}\n');
    const r = await runCli(['ingest', file, '--index', index, '--model', TINY_MODEL_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no record has an abstract (looked for keys such as abstract, summary, description). Keys found: id, title, notes.');
    expect(r.stderr).toContain('--map abstract=<key>');
    expect(existsSync(index)).toBe(false);
    const mapped = await runCli(['ingest', file, '--map', 'abstract=notes', '--index', index, '--model', TINY_MODEL_ID, '--json']);
    expect(json<IngestSummary>(mapped).new).toBe(2);
  });

  it('an ingest that finds no papers at all is an error that says why, and creates no index', async () => {
    const index = join(tmp.path, 'nothing');
    const r = await runCli(['ingest', join(CORPUS, 'scholar.bib'), '--index', index, '--model', TINY_MODEL_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/found no papers in .*scholar\.bib; 2 records were skipped, the first at .*scholar\.bib:1: BibTeX entry 'vaswani2017attention' has no abstract/);
    expect(existsSync(index)).toBe(false);
  });

  it('a broken JSON line is skipped with a warning naming file and line and counted; --strict refuses the file', async () => {
    const index = join(tmp.path, 'broken');
    const broken = join(CORPUS, 'broken.jsonl');
    const r = await runCli(['ingest', broken, '--index', index, '--model', TINY_MODEL_ID]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`skipped ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not valid JSON`));
    expect(r.stdout).toMatch(/3 new, 0 updated, 0 unchanged, 1 skipped/);
    const strict = await runCli(['ingest', broken, '--strict', '--index', join(tmp.path, 'strict'), '--model', TINY_MODEL_ID]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/broken\.jsonl:3: not valid JSON/);
    expect(existsSync(join(tmp.path, 'strict'))).toBe(false);
  });

  it('says once how many papers were longer than the model reads', async () => {
    const index = join(tmp.path, 'long');
    const file = join(tmp.path, 'long.jsonl');
    const long = Array.from({ length: 700 }, (_, i) => `word${i % 50}`).join(' ');
    writeFileSync(
      file,
      [
        { title: 'A Very Long Abstract', abstract: long },
        { title: 'Another Long One', abstract: `${long} again` },
        { title: 'A Short One', abstract: 'Short and to the point.' },
      ].map((o) => JSON.stringify(o)).join('\n'),
    );
    const r = await runCli(['ingest', file, '--index', index, '--model', TINY_MODEL_ID]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/longer than the model reads/g)).toHaveLength(1);
    expect(r.stderr).toContain('2 papers were longer than the model reads (512 tokens)');
    const summary = await ingest(join(tmp.path, 'long-json'), [file]);
    expect(summary.truncatedForEmbedding).toBe(2);
  });

  it('similar with title words that match several titles uses the best and lists the others', async () => {
    const index = join(tmp.path, 'titles');
    const file = join(tmp.path, 'sim.jsonl');
    writeFileSync(
      file,
      [
        { title: 'Sensor Simulation for Robots', abstract: 'Simulated sensors for mobile robots in warehouses.' },
        { title: 'Sensor Simulation via Gaussian Splatting', abstract: 'Gaussians render LiDAR and camera data.' },
        { title: 'Fast Sensor Simulation', abstract: 'A rasteriser for simulated depth cameras.' },
        { title: 'Protein Folding with Diffusion', abstract: 'A diffusion model predicts protein structures.' },
      ].map((o) => JSON.stringify(o)).join('\n'),
    );
    await ingest(index, [file]);
    const result = json<SimilarResponse>(await runCli(['similar', 'sensor simulation', '--index', index, '--json']));
    expect(result.candidates).toHaveLength(2);
    const titles = [result.of.title, ...result.candidates!.map((c) => c.title)].sort();
    expect(titles).toEqual(['Fast Sensor Simulation', 'Sensor Simulation for Robots', 'Sensor Simulation via Gaussian Splatting']);
    const text = await runCli(['similar', 'sensor simulation', '--index', index]);
    expect(text.stderr).toMatch(/"sensor simulation" matched 3 titles; using the best match, h:[0-9a-f]{12}\. The others:\n {2}h:[0-9a-f]{12} {2}\w/);
    // One match: no list.
    expect(json<SimilarResponse>(await runCli(['similar', 'protein folding', '--index', index, '--json'])).candidates).toBeUndefined();
  });
});

describe('info about the vector index', () => {
  it('a truncated HNSW file is called damaged, not up to date; reindex cures it', async () => {
    const index = join(tmp.path, 'hnsw');
    await ingest(index, [ATOM, join(CORPUS, 'pubmed.xml')]);
    expect(json<IndexInfo>(await runCli(['info', '--index', index, '--json'])).hnsw).toMatchObject({ state: 'fresh', fresh: true });
    const file = readdirSync(index).find((n) => /^vectors-\d+\.hnsw$/.test(n))!;
    const path = join(index, file);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
    expect(info.hnsw).toMatchObject({ state: 'damaged', fresh: false });
    const text = await runCli(['info', '--index', index]);
    expect(text.stdout).toMatch(/hnsw .*damaged or truncated: run paperscope reindex/);
    expect(text.stdout).not.toMatch(/up to date/);
    expect((await runCli(['reindex', '--index', index])).code).toBe(0);
    expect(json<IndexInfo>(await runCli(['info', '--index', index, '--json'])).hnsw?.state).toBe('fresh');
  });

  it('after an interrupted ingest it says the vector index is behind and what rebuilds it', async () => {
    const index = join(tmp.path, 'behind');
    await ingest(index, [ATOM]);
    // What an interrupted ingest leaves: papers committed, the HNSW file of an older generation.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(index, 'paperscope.db'));
    db.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`).run();
    db.close();
    const info = json<IndexInfo>(await runCli(['info', '--index', index, '--json']));
    expect(info.hnsw?.state).toBe('behind');
    const text = await runCli(['info', '--index', index]);
    expect(text.stdout).toMatch(/behind the database \(an ingest was interrupted\): searches are exact until the next ingest or paperscope reindex rebuilds it/);
  });
});

describe('info <paper>', () => {
  it('shows a paper with every name and every source, as text and JSON', async () => {
    const index = join(tmp.path, 'provenance');
    await ingest(index, [join(CORPUS, 'pubmed.nbib'), join(CORPUS, 'pubmed.xml')]);
    const info = await paperOf(index, '38012345'); // by PubMed id
    expect(info.paper.id).toBe('10.1038/s41586-023-06789-1');
    expect(info.paper.sources.map((s) => `${s.format}:${s.line}`)).toEqual(['medline:1', 'pubmed-xml:4']);
    expect(info.names).toEqual(expect.arrayContaining(['10.1038/s41586-023-06789-1', 'pmid:38012345', '38012345']));
    expect(info.embedded).toBe(true);
    const text = await runCli(['info', 'https://doi.org/10.1038/S41586-023-06789-1', '--index', index]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/sources: .*pubmed\.nbib:1 \(medline\), .*pubmed\.xml:4 \(pubmed-xml\)/);
    const unknown = await runCli(['info', 'nope-123', '--index', index]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no paper with id or name "nope-123"/);
  });
});
