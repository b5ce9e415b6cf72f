import type { IngestSummary } from '../../api.js';
import { definedOnly, type OptionValues } from '../../options/spec.js';
import type { INGEST_COMMAND } from '../command-options.js';
import { printer, type Printer } from '../format.js';
import { indexFor } from '../open.js';
import { Progress } from '../progress.js';
import type { Terminal } from '../terminal.js';

export const EXIT_INTERRUPTED = 130;

export async function ingestCommand(files: string[], values: OptionValues<typeof INGEST_COMMAND>, term: Terminal): Promise<number> {
  const p = printer(term);
  const { warn } = p;
  const { model, dtype, format, fieldMap, listingYear, strict } = values;
  const parse = definedOnly({ format, fieldMap, listingYear, strict });
  const index = indexFor(values, term);
  // First Ctrl-C: finish the window in flight, commit it, stop. Second: leave now (SQLite rolls back).
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(EXIT_INTERRUPTED);
    abort.abort();
    warn('\ninterrupting: committing the papers already embedded (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const reading = new Progress(term, 'ingesting');
  const indexing = new Progress(term, 'indexing');
  let summary: IngestSummary;
  try {
    summary = await index.ingest(files, {
      ...definedOnly({ model, dtype }),
      ...parse,
      // A bar with an ETA needs the number of papers: counting them costs a few seconds per 35,000
      // papers, against minutes of embedding, and only a person watching a terminal needs it.
      countFirst: term.progressStream !== undefined,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'index') {
          reading.stop();
          indexing.update(p.done, p.total);
        }
        else reading.update(p.done, p.total, `· ${p.embedded} embedded`);
      },
    });
  } finally {
    reading.stop();
    indexing.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await index.close();
  }
  if (values.json) p.json(summary);
  else printSummary(p, summary);
  return summary.interrupted ? EXIT_INTERRUPTED : 0;
}

function printSummary({ out, warn }: Printer, s: IngestSummary): void {
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
  if (s.placedInThemes > 0) out(`placed ${s.placedInThemes} paper${s.placedInThemes === 1 ? '' : 's'} in their nearest theme (paperscope themes says when a refit is due)`);
  out(`index: ${s.papersInIndex} papers · ${s.model.id} (${s.model.dtype}, ${s.model.dims} dims) · ${s.seconds.toFixed(1)} s`);
  if (s.interrupted) warn('interrupted: run the same command again to continue where it stopped');
}
