import type { IngestSummary } from '../../api.js';
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
  const reading = new Progress('embedding');
  const indexing = new Progress('indexing');
  let summary: IngestSummary;
  try {
    summary = await index.ingest(files, {
      model: flags.model,
      dtype: flags.dtype,
      parse: parseOptionsFrom(flags),
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'index') indexing.update(p.done, p.total);
        else reading.update(p.embedded, undefined, `embedded · ${p.done} read`);
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

function printSummary(s: IngestSummary): void {
  for (const f of s.files) out(`${f.file}: ${f.papers} papers${f.format ? ` (${f.format})` : ''}`);
  for (const skip of s.skipped.slice(0, 10)) warn(`skipped ${skip.file}:${skip.line}: ${skip.reason}`);
  if (s.skipped.length > 10) warn(`... and ${s.skipped.length - 10} more skipped (see --json)`);
  const rate = s.embedSeconds > 0 ? ` (${(s.embedded / s.embedSeconds).toFixed(1)} docs/s)` : '';
  out(
    `${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped.length} skipped, ${s.duplicates} duplicates merged; ` +
      `embedded ${s.embedded}${rate}, reused ${s.reusedEmbeddings} cached vectors`,
  );
  out(`index: ${s.papersInIndex} papers · ${s.model.id} (${s.model.dtype}, ${s.model.dims} dims) · ${s.seconds.toFixed(1)} s`);
  if (s.interrupted) warn('interrupted: run the same command again to continue where it stopped');
}
