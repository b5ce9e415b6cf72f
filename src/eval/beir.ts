import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ParseItem } from '../corpus/index.js';
import type { Paper } from '../corpus/paper.js';
import { UserError } from '../errors.js';
import type { SearchMode } from '../search/search.js';
import { mean, ndcgAt, recallAt, reciprocalRankAt, type Judgements } from './metrics.js';

export interface BeirScores {
  mode: SearchMode;
  queries: number;
  ndcg10: number;
  recall100: number;
  mrr10: number;
  seconds: number;
}

export interface BeirCollection {
  dir: string;
  queries: Map<string, string>;
  qrels: Map<string, Judgements>;
}

/** Reads queries and judgements; the corpus is streamed into the index by `corpusItems`. */
export async function readBeir(dir: string, split = 'test'): Promise<BeirCollection> {
  const corpus = join(dir, 'corpus.jsonl');
  const queriesFile = join(dir, 'queries.jsonl');
  const qrelsFile = join(dir, 'qrels', `${split}.tsv`);
  for (const f of [corpus, queriesFile, qrelsFile]) {
    if (!existsSync(f)) throw new UserError(`${f} not found`, 'a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/<split>.tsv');
  }
  const queries = new Map<string, string>();
  for await (const { value, line } of jsonLines(queriesFile)) {
    const q = value as { _id?: unknown; text?: unknown };
    if (q._id === undefined || typeof q.text !== 'string') throw new UserError(`${queriesFile}:${line}: a query needs "_id" and "text"`);
    queries.set(String(q._id), q.text);
  }
  const qrels = new Map<string, Judgements>();
  let lineNo = 0;
  for await (const raw of createInterface({ input: createReadStream(qrelsFile), crlfDelay: Infinity })) {
    lineNo++;
    const cols = raw.split('\t');
    if (!raw.trim() || (lineNo === 1 && cols[0] === 'query-id')) continue;
    const rel = Number(cols[2]);
    if (cols.length < 3 || !Number.isFinite(rel)) throw new UserError(`${qrelsFile}:${lineNo}: expected query-id<TAB>corpus-id<TAB>score`);
    const judged = qrels.get(cols[0]) ?? new Map<string, number>();
    judged.set(cols[1], rel);
    qrels.set(cols[0], judged);
  }
  return { dir, queries, qrels };
}

/**
 * BEIR documents as papers whose id is the BEIR `_id`, so rankings compare with the judgements. Each `_id` is
 * its own document, even when another has the same title and text (ingest them with mergeDuplicates off).
 */
export async function* corpusItems(dir: string): AsyncGenerator<ParseItem> {
  const file = join(dir, 'corpus.jsonl');
  for await (const { value, line } of jsonLines(file)) {
    const doc = value as { _id?: unknown; title?: unknown; text?: unknown };
    const text = typeof doc.text === 'string' ? doc.text.trim() : '';
    if (doc._id === undefined || !text) {
      yield { kind: 'skip', skip: { file, line, reason: 'no "_id" or no "text"' } };
      continue;
    }
    const source = { file, line, format: 'jsonl' as const };
    const paper: Paper = {
      id: String(doc._id),
      title: typeof doc.title === 'string' ? doc.title.trim() : '',
      abstract: text,
      authors: [],
      source,
      sources: [source],
    };
    yield { kind: 'paper', paper };
  }
}

/** The search to score: the ids of the papers found for a query, best first. */
export type RankedSearch = (query: string, o: { k: number; mode: SearchMode }) => Promise<{ hits: { id: string }[] }>;

/** Runs every judged query in each mode and averages nDCG@10, Recall@100 and MRR@10 over them. */
export async function scoreBeir(search: RankedSearch, collection: BeirCollection, modes: SearchMode[]): Promise<BeirScores[]> {
  const judgedQueries = [...collection.qrels.keys()].filter((id) => collection.queries.has(id));
  if (judgedQueries.length === 0) throw new UserError(`no query in ${collection.dir} has judgements`, 'check that the qrels query ids match queries.jsonl');
  const scores: BeirScores[] = [];
  for (const mode of modes) {
    const started = performance.now();
    const ndcg: number[] = [];
    const recall: number[] = [];
    const mrr: number[] = [];
    for (const qid of judgedQueries) {
      const { hits } = await search(collection.queries.get(qid)!, { k: 100, mode });
      const ranked = hits.map((h) => h.id);
      const judged = collection.qrels.get(qid)!;
      ndcg.push(ndcgAt(ranked, judged, 10));
      recall.push(recallAt(ranked, judged, 100));
      mrr.push(reciprocalRankAt(ranked, judged, 10));
    }
    scores.push({
      mode,
      queries: judgedQueries.length,
      ndcg10: mean(ndcg),
      recall100: mean(recall),
      mrr10: mean(mrr),
      seconds: (performance.now() - started) / 1000,
    });
  }
  return scores;
}

async function* jsonLines(file: string): AsyncGenerator<{ value: unknown; line: number }> {
  let line = 0;
  for await (const raw of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (!raw.trim()) continue;
    try {
      yield { value: JSON.parse(raw), line };
    } catch {
      throw new UserError(`${file}:${line}: not valid JSON`, 'fix or remove that line');
    }
  }
}
