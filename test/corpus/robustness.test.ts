import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { FORMATS } from '../../src/corpus/index.js';
import { collect, tempDir } from './helpers.js';

const write = tempDir();
const FIVE_MB = 5 * 1024 * 1024;

/** Parses and returns 'ok', or the UserError message; any other error fails the test. */
async function outcome(file: string, format?: (typeof FORMATS)[number]): Promise<string> {
  try {
    await collect(file, format ? { format } : undefined);
    return 'ok';
  } catch (err) {
    if (isUserError(err)) return err.message;
    throw err;
  }
}

describe('huge and hostile input', () => {
  it('keeps a 100,000-character abstract as it is', async () => {
    const abstract = 'Long abstracts happen. '.repeat(5000).trim();
    const file = write('huge-abstract.jsonl', JSON.stringify({ title: 'Huge', abstract }) + '\n');
    const { papers } = await collect(file);
    expect(papers[0].abstract).toBe(abstract);
  });

  it.each([
    ['jsonl', (big: string) => JSON.stringify({ title: 'Big Line', abstract: big }) + '\n'],
    ['json', (big: string) => JSON.stringify([{ title: 'Big Line', abstract: big }])],
    ['csv', (big: string) => `title,abstract\nBig Line,"${big}"\n`],
    ['listing', (big: string) => `LGMay 6\nBig LineAna Lopez\n${big}\n`],
    ['bibtex', (big: string) => `@article{big,\n title={Big Line},\n abstract={${big}}}\n`],
  ])('reads a 5 MB single line of messy text as %s, in linear time', async (format, make) => {
    // words, LaTeX, dollars, braces, dashes and tildes: everything the cleanup looks at
    const unit = 'word $x$ \\textbf{b} {c} 5$ -- a~b \\alpha ~30% ';
    const big = unit.repeat(Math.ceil(FIVE_MB / unit.length));
    const file = write(`big-line.${format}`, make(big));
    const { papers } = await collect(file);
    expect(papers.map((p) => p.title)).toEqual(['Big Line']);
    expect(papers[0].abstract.length).toBeGreaterThan(FIVE_MB * 0.5);
    // No timed assertion: linear work takes about a second, quadratic work hours; the timeout catches that.
  }, 60_000);

  it('reads a 5 MB line with no structure as a clear error or a skip, per format', async () => {
    const file = write('noise.txt', 'x'.repeat(FIVE_MB));
    expect(await outcome(file)).toBe(`Cannot tell the format of ${file}.`);
    // Forced into each format: no papers, and either nothing (every record skipped) or a UserError naming
    // the file (outcome() rethrows anything else, so a crash fails the test).
    for (const format of FORMATS) {
      const result = await outcome(file, format);
      if (result !== 'ok') expect(result, format).toContain(file);
      else expect((await collect(file, { format })).papers, format).toEqual([]);
    }
  });

  it('never fails with anything but a UserError on random bytes, in any format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\n', '@', '$', '~', 'a', 'Z', ' ', ';', '\t'), maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
        ),
        fc.constantFrom(undefined, ...FORMATS),
        async (content, format) => {
          const file = write('fuzz.input', content);
          await outcome(file, format);
        },
      ),
      { numRuns: 300 },
    );
  });
});
