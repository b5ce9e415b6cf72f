/**
 * paperscope benchmark: `npm run bench [-- --quick] [-- --only embedding,hnsw]`.
 *
 * Runs on this machine with the MiniLM-shaped benchmark model (real tokenizer, random weights: the speed
 * of all-MiniLM-L6-v2, meaningless vectors) and real arXiv abstracts from ../shared/data/arxiv/. Prints
 * one table (each figure beside a baseline measured in the same run, and PASS/MISS against its target)
 * and writes the same numbers to bench-results/bench.json. Progress goes to stderr.
 *
 * Sections (scripts/bench/*.ts): embedding throughput, ingest, HNSW, command latency, peak memory, and the
 * peers (sentence-transformers, fastembed, bm25s, hnswlib, FAISS, BERTopic: python/bench_peers.py), and the
 * shared index on PostgreSQL beside the local one.
 */
import { BenchContext } from './bench/context.js';
import { checkSharedData } from './bench/data.js';
import { benchCommands } from './bench/commands.js';
import { benchEmbedding } from './bench/embedding.js';
import { benchHnsw } from './bench/hnsw.js';
import { benchIngest } from './bench/ingest.js';
import { describeMachine, machineInfo } from './bench/machine.js';
import { benchMemory } from './bench/memory.js';
import { parseOptions, USAGE } from './bench/options.js';
import { benchPeers } from './bench/peers.js';
import { benchPostgres } from './bench/postgres.js';
import { ensureBenchModel, ensureBuilt } from './bench/preflight.js';
import { renderNotes, renderTable, SECTIONS, writeJson, type Row, type Section } from './bench/report.js';
import { progress } from './bench/stats.js';

const RUNNERS: Record<Section, (ctx: BenchContext) => Promise<{ rows: Row[]; details: unknown }>> = {
  embedding: benchEmbedding,
  ingest: benchIngest,
  hnsw: benchHnsw,
  commands: benchCommands,
  memory: benchMemory,
  peers: benchPeers,
  postgres: benchPostgres,
};

async function main(argv: string[]): Promise<number> {
  const opts = parseOptions(argv);
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  checkSharedData();
  ensureBuilt();
  await ensureBenchModel(opts.modelsDir);

  const machine = machineInfo();
  const header = [
    `paperscope benchmark${opts.quick ? ' (--quick: small sizes, targets indicative only)' : ''}`,
    describeMachine(machine),
    `model: Xenova/all-MiniLM-L6-v2 shapes with random weights (real tokenizer) from ${opts.modelsDir}; data: ../shared/data/arxiv/arxiv-cs-abstracts-35k.jsonl.gz`,
  ].join('\n');
  process.stdout.write(`${header}\n\n`);

  const ctx = new BenchContext(opts, machine);
  const onSignal = () => {
    ctx.cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rows: Row[] = [];
  const details: Partial<Record<Section, unknown>> = {};
  const seconds: Partial<Record<Section, number>> = {};
  const failures: { section: Section; error: string }[] = [];
  try {
    for (const section of SECTIONS) {
      if (!opts.only.has(section)) continue;
      const t0 = performance.now();
      progress(`── ${section} ──`);
      try {
        const result = await RUNNERS[section](ctx);
        rows.push(...result.rows);
        details[section] = result.details;
      } catch (err) {
        // One broken section should not cost the others' numbers.
        const message = (err as Error).stack ?? String(err);
        failures.push({ section, error: message });
        progress(`${section} FAILED: ${message}`);
      }
      seconds[section] = (performance.now() - t0) / 1000;
      progress(`${section} done in ${seconds[section]!.toFixed(0)} s`);
    }
  } finally {
    ctx.cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const total = (performance.now() - started) / 1000;
  process.stdout.write(`${renderTable(rows)}\n`);
  const notes = renderNotes(rows);
  if (notes) process.stdout.write(`\nhow each figure was measured:\n${notes}\n`);
  for (const f of failures) process.stdout.write(`\n${f.section}: FAILED\n${f.error}\n`);
  const misses = rows.filter((r) => r.target && !r.target.pass).length;
  const targets = rows.filter((r) => r.target).length;
  process.stdout.write(`\n${targets - misses}/${targets} targets met · ${total.toFixed(0)} s in all · JSON: ${opts.outFile}\n`);
  writeJson(opts.outFile, {
    date: new Date().toISOString(),
    quick: opts.quick,
    sections: [...opts.only],
    sizes: opts.sizes,
    machine,
    rows,
    details,
    sectionSeconds: seconds,
    totalSeconds: total,
    failures,
  });
  return failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
