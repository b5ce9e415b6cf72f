import type { IngestSummary } from '../../api.js';
import type { ParseOptions } from '../../corpus/index.js';
import { out, printJson, warn } from '../format.js';
import { Progress } from '../progress.js';
import { indexFrom, parseOptionsFrom, type CommonFlags } from '../shared.js';

export const EXIT_INTERRUPTED = 130;

export async function ingestCommand(files: string[], flags: CommonFlags & { batchSize?: number }): Promise<number> {
  const index = await indexFrom(flags, { batchSize: flags.batchSize });
  // First Ctrl-C: finish the window in flight, commit it, stop. Second: leave now (SQLite rolls back).
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    abort.abort();
    warn('\ninterrupting: committing the papers already embedded (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const reading = new Progress('ingesting');
  const indexing = new Progress('indexing');
  // A bar with an ETA needs the number of papers: counting them costs a few seconds per 35,000 papers,
  // against minutes of embedding, and only a person watching a terminal needs it.
  const total = process.stderr.isTTY ? await countPapers(files, parseOptionsFrom(flags)) : undefined;
  let summary: IngestSummary;
  try {
    summary = await index.ingest(files, {
      model: flags.model,
      dtype: flags.dtype,
      parse: parseOptionsFrom(flags),
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'index') {
          reading.stop();
          indexing.update(p.done, p.total);
        }
        else reading.update(p.done, total, `· ${p.embedded} embedded`);
      },
    });
  } finally {
    reading.stop();
    indexing.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await index.close();
  }
  if (flags.json) printJson(summary);
  else printSummary(summary);
  return summary.interrupted ? EXIT_INTERRUPTED : 0;
}

async function countPapers(files: string[], parse: ParseOptions): Promise<number | undefined> {
  const { parseFile } = await import('../../corpus/index.js');
  let n = 0;
  try {
    for (const file of files) for await (const item of parseFile(file, parse)) if (item.kind === 'paper') n++;
  } catch {
    return undefined; // the ingest itself reports the problem, with its context
  }
  return n;
}

function printSummary(s: IngestSummary): void {
  for (const f of s.files) out(`${f.file}: ${f.papers} papers${f.format ? ` (${f.format})` : ''}`);
  for (const skip of s.skipped.slice(0, 10)) warn(`skipped ${skip.file}:${skip.line}: ${skip.reason}`);
  if (s.skippedCount > 10) warn(`... and ${s.skippedCount - 10} more skipped (see --json)`);
  const rate = s.embedSeconds > 0 ? ` (${(s.embedded / s.embedSeconds).toFixed(1)} docs/s)` : '';
  out(
    `${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skippedCount} skipped, ${s.duplicates} duplicates merged; ` +
      `embedded ${s.embedded}${rate}, reused ${s.reusedEmbeddings} cached vectors`,
  );
  if (s.truncatedForEmbedding > 0) {
    const n = s.truncatedForEmbedding;
    warn(`${n} paper${n === 1 ? ' was' : 's were'} longer than the model reads (${s.modelMaxTokens} tokens): ${n === 1 ? 'its vector covers' : 'their vectors cover'} the start of the text; lexical search still sees the first 4,000 characters of each abstract`);
  }
  out(`index: ${s.papersInIndex} papers · ${s.model.id} (${s.model.dtype}, ${s.model.dims} dims) · ${s.seconds.toFixed(1)} s`);
  if (s.interrupted) warn('interrupted: run the same command again to continue where it stopped');
}
