import { parse } from '../../api.js';
import type { PARSE_COMMAND } from '../command-options.js';
import type { OptionValues } from '../../options/spec.js';
import { authorLine, isTruncated, printer, truncate } from '../format.js';
import type { Terminal } from '../terminal.js';

export async function parseCommand(files: string[], { json, ...options }: OptionValues<typeof PARSE_COMMAND>, term: Terminal): Promise<void> {
  const { out, json: printJson } = printer(term);
  const corpus = await parse(files, { ...options, env: term.env });
  if (json) {
    printJson(corpus);
    return;
  }
  for (const f of corpus.files) out(`${f.file}: ${f.papers} papers (${f.format})`);
  if (corpus.duplicates > 0) out(`${corpus.duplicates} duplicate records merged (same id)`);
  for (const s of corpus.skipped.slice(0, 20)) out(`skipped ${s.file}:${s.line}: ${s.reason}`);
  if (corpus.skippedCount > 20) out(`... and ${corpus.skippedCount - 20} more skipped`);
  out(`${corpus.papers.length} papers\n`);
  for (const p of corpus.papers.slice(0, 20)) {
    const meta = [p.year, p.categories?.join(' '), p.hasCode ? 'code' : undefined].filter(Boolean).join(' · ');
    out(`${truncate(p.title, 90)}`);
    out(`  ${truncate(authorLine(p.authors, isTruncated(p.extra)), 70)} · ${p.id}${meta ? ` · ${meta}` : ''}`);
  }
  if (corpus.papers.length > 20) out(`... and ${corpus.papers.length - 20} more (use --json to see all)`);
}
