import { UserError } from '../errors.js';
import type { Settings } from '../settings.js';
import { openStore } from '../store/open.js';
import { requireModel, type IndexReader, type IndexWriter } from '../store/port.js';
import type { Membership, StoredPaper, ThemeParams } from '../store/records.js';
import type { BetweenPaper } from '../themes/between.js';
import { farBelow } from '../themes/far-below.js';
import type { Subthemes, Theme, ThemeResult } from '../themes/types.js';

export interface CopySummary {
  from: string;
  to: string;
  /** Papers written to the target in this run (new or changed there); the others were there already. */
  copied: number;
  unchanged: number;
  papersInTarget: number;
  /** Vectors the target did not have yet (the papers' and the cached ones of removed papers or old texts). */
  vectors: number;
  themes: number;
  seconds: number;
}

/** Papers per batch: each batch is committed on its own, so an interrupted copy keeps what it wrote. */
const BATCH = 500;

/**
 * Copies an index (papers, their names and keys, their vectors, the themes) into another, local or on a
 * server, either way, embedding nothing: the target gets the source's vectors and pins the same model.
 * Papers are written by id in batches, each committed at once, so a copy run again after an interruption
 * writes only what is missing or different. The source is read from one snapshot.
 */
export async function copyIndex(settings: Settings, from: string, to: string, onProgress?: (done: number, total: number) => void): Promise<CopySummary> {
  const started = performance.now();
  const source = openStore(from, settings);
  const target = openStore(to, settings);
  if (source.location === target.location) throw new UserError(`cannot copy index ${source.location} onto itself`, 'name another index to copy to');
  try {
    return await source.read((reader) =>
      target.write('copy', async (writer) => {
        const model = await requireModel(reader);
        await writer.pinModel(model.id, model.dtype, model.dims);
        const papers = await reader.allPapers();
        const { labels, matrix } = await reader.vectorMatrix();
        const rowOf = new Map(Array.from(labels, (label, row) => [label, row]));
        const summary: CopySummary = { from: source.location, to: target.location, copied: 0, unchanged: 0, papersInTarget: 0, vectors: 0, themes: 0, seconds: 0 };
        const targetLabel = new Map<number, number>();
        for (let start = 0; start < papers.length; start += BATCH) {
          const batch = papers.slice(start, start + BATCH);
          await copyBatch(writer, model.key, model.dims, batch, rowOf, matrix, summary, targetLabel);
          onProgress?.(Math.min(start + BATCH, papers.length), papers.length);
        }
        summary.vectors += await copyUnusedVectors(reader, writer, model.key);
        summary.themes = await copyThemes(reader, writer, labels, matrix, model.dims, targetLabel);
        await writer.updateVectorIndex();
        summary.papersInTarget = await writer.countPapers();
        summary.seconds = (performance.now() - started) / 1000;
        return summary;
      }),
    );
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

async function copyBatch(
  writer: IndexWriter,
  modelKey: string,
  dims: number,
  batch: StoredPaper[],
  rowOf: Map<number, number>,
  matrix: Float32Array,
  summary: CopySummary,
  targetLabel: Map<number, number>,
): Promise<void> {
  const withVector = batch.filter((p) => rowOf.has(p.label));
  // Claimed like an ingest's texts, though the vectors are at hand: a vector another writer is putting meanwhile is put twice, harmlessly (the first is kept).
  const { cached } = await writer.claimVectors(modelKey, withVector.map((p) => p.hash));
  const have = new Set(cached);
  const missing = [...new Map(withVector.filter((p) => !have.has(p.hash)).map((p) => [p.hash, p])).values()];
  if (missing.length) {
    await writer.putVectors(
      modelKey,
      missing.map((p) => ({ hash: p.hash, vector: matrix.subarray(rowOf.get(p.label)! * dims, (rowOf.get(p.label)! + 1) * dims) })),
    );
    summary.vectors += missing.length;
  }
  // By id, inside `exclusive`: another writer of the target merging into the same papers takes turns with this.
  const outcomes = await writer.exclusive(() => writer.putPapers(withVector.map(({ paper, hash }) => ({ paper, hash }))));
  outcomes.forEach((o, i) => {
    targetLabel.set(withVector[i].label, o.label);
    if (o.outcome === 'unchanged') summary.unchanged++;
    else summary.copied++;
  });
}

/** The source's cached vectors no paper holds (removed papers, old texts): a re-ingest of those on the target embeds nothing either. */
async function copyUnusedVectors(reader: IndexReader, writer: IndexWriter, modelKey: string): Promise<number> {
  const unused = await reader.unusedVectors();
  let put = 0;
  for (let start = 0; start < unused.length; start += BATCH) {
    const batch = unused.slice(start, start + BATCH);
    const { cached } = await writer.claimVectors(modelKey, batch.map((v) => v.hash));
    const have = new Set(cached);
    const missing = batch.filter((v) => !have.has(v.hash));
    if (missing.length) await writer.putVectors(modelKey, missing);
    put += missing.length;
  }
  return put;
}

/**
 * The source's themes, rebuilt as the clustering that produced them (assignment, sub-themes, similarities,
 * between papers with their margins recomputed from the centroids) and saved in the target under its
 * labels; the papers the source placed after its fit are placed the same way in the target, still marked
 * assigned, so the target's refresh advice and far counts are the source's.
 */
async function copyThemes(reader: IndexReader, writer: IndexWriter, labels: Int32Array, matrix: Float32Array, dims: number, targetLabel: Map<number, number>): Promise<number> {
  const overview = await reader.themes();
  if (!overview) return 0;
  const centroids = await reader.themeCentroids();
  const subCentroids = await reader.subthemeCentroids();
  const membership = await reader.themeMembership();
  const idToRow = new Map<string, number>();
  const papers = await reader.papersByLabel(Array.from(labels));
  Array.from(labels).forEach((label, row) => idToRow.set(papers.get(label)!.paper.id, row));
  const copied = Array.from(labels.keys()).filter((row) => membership.has(labels[row]) && targetLabel.has(labels[row]));
  const rows = copied.filter((row) => !membership.get(labels[row])!.assigned);
  const placed = copied.filter((row) => membership.get(labels[row])!.assigned);
  const cosine = (row: number, centroid: Float32Array) => {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += matrix[row * dims + d] * centroid[d];
    return dot;
  };
  const subCosine = (row: number, m: Membership) => (m.subtheme ? cosine(row, subCentroids.get(m.theme)![m.subtheme - 1]) : cosine(row, centroids[m.theme]));
  const between: BetweenPaper[] = [];
  const assignment = new Int32Array(rows.length);
  const similarity = new Float32Array(rows.length);
  const subassignment = new Int32Array(rows.length);
  const subsimilarity = new Float32Array(rows.length);
  rows.forEach((row, i) => {
    const m = membership.get(labels[row])!;
    assignment[i] = m.theme;
    similarity[i] = cosine(row, centroids[m.theme]);
    subassignment[i] = m.subtheme ?? 0;
    subsimilarity[i] = subCosine(row, m);
    // The reason is not stored (nor read back): only the two themes and the margin are.
    if (m.between) {
      between.push({ index: i, themes: m.between, margin: Math.max(0, cosine(row, centroids[m.between[0]]) - cosine(row, centroids[m.between[1]])), reason: 'ambiguous' });
    }
  });
  const rowIndex = new Map(rows.map((row, i) => [row, i]));
  const repRows = (reps: { id: string }[]) => reps.map((r) => rowIndex.get(idToRow.get(r.id) ?? -1)).filter((i): i is number => i !== undefined);
  const membersOf = (keep: (i: number) => boolean) => Int32Array.from(rows.keys()).filter(keep);
  const themes: Theme[] = overview.themes.map((t) => {
    const own = membersOf((i) => assignment[i] === t.id);
    return {
      id: t.id,
      label: t.label,
      size: own.length,
      keywords: t.keywords,
      representatives: repRows(t.representatives),
      centroid: centroids[t.id],
      cohesion: t.cohesion,
      // Themes stored before far-below existed get it from their fitted members, as a fit computes it.
      farBelow: t.farBelow ?? farBelow(own, similarity),
      neighbors: t.neighbors,
    };
  });
  const subthemes: Subthemes[] = overview.themes
    .filter((t) => t.split && t.subthemes.length > 0)
    .map((t) => ({
      parent: t.id,
      ...t.split!,
      themes: t.subthemes.map((s) => {
        const own = membersOf((i) => assignment[i] === t.id && subassignment[i] === s.index);
        return {
          id: s.index,
          label: s.label,
          size: own.length,
          keywords: s.keywords,
          representatives: repRows(s.representatives),
          centroid: subCentroids.get(t.id)![s.index - 1],
          cohesion: s.cohesion,
          // Sub-themes' far-below is not stored; it is what their fit gave, from the same members.
          farBelow: farBelow(own, subsimilarity),
          neighbors: s.neighbors.map((n) => ({ theme: t.subthemes.find((x) => x.id === n.id)!.index, similarity: n.similarity })),
        };
      }),
    }))
    .sort((a, b) => a.parent - b.parent);
  const result: ThemeResult = {
    k: overview.k,
    kScores: overview.kScores,
    chosenBy: overview.chosenBy,
    weakStructureFloor: overview.weakStructureFloor,
    themes,
    assignment,
    similarityToCentroid: similarity,
    between,
    themeSimilarity: [],
    seed: overview.seed,
    subthemes,
    ...(overview.levels === 1 ? { unsplit: true as const } : {}),
    subassignment,
    subsimilarity,
    diagnostics: { silhouetteSampleSize: 0, fitSampleSize: 0, restartInertias: [], fitIterations: 0, refineIterations: 0 },
    timings: { chooseKMs: 0, fitMs: 0, keywordsMs: 0, subthemesMs: 0, totalMs: 0 },
  };
  const params: ThemeParams = overview.params;
  await writer.saveThemes(Int32Array.from(rows, (row) => targetLabel.get(labels[row])!), result, params);
  await writer.assignThemes(
    placed.map((row) => {
      const m = membership.get(labels[row])!;
      return {
        label: targetLabel.get(labels[row])!,
        theme: m.theme,
        similarity: cosine(row, centroids[m.theme]),
        ...(m.subtheme ? { subtheme: m.subtheme, subSimilarity: subCosine(row, m) } : {}),
      };
    }),
  );
  return overview.k;
}
