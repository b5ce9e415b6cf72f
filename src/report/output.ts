import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeTextFileAtomically } from '../atomic-write.js';
import { UserError } from '../errors.js';
import { REPORT_FORMATS, type ReportFormat } from './model.js';

export const DEFAULT_REPORT_OUT = 'report.html';
/** `--out -`: the report goes to stdout. */
export const STDOUT = '-';

const BY_EXTENSION: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.markdown': 'md', '.json': 'json' };

/** The format asked for, else the one the output's extension names, else HTML. */
export function reportFormatFor(out: string, format?: string): ReportFormat {
  if (format !== undefined) {
    if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
    throw new UserError(`unknown report format "${format}"`, `use one of ${REPORT_FORMATS.join(', ')}`);
  }
  return BY_EXTENSION[extname(out).toLowerCase()] ?? 'html';
}

/**
 * Fails early (before minutes of work) when the report could not be written: a missing or
 * unwritable directory, a directory where the file should be, or a path inside the index
 * directory (the index is paperscope's own; a report there could be mistaken for, or clobber, it).
 */
export function checkOutPath(out: string, indexDir: string): string {
  const path = resolve(out);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`cannot write the report to ${path}: directory ${dir} does not exist`, 'create it first, or choose another --out');
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UserError(`cannot write the report to ${path}: it is a directory`, `give a file name, e.g. --out ${join(out, 'report.html')}`);
  }
  if (isInside(realpathSync(dir), realIndexDir(indexDir))) {
    throw new UserError(`refusing to write the report inside the index directory (${path})`, 'choose an --out outside the index, e.g. --out report.html');
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UserError(`cannot write the report to ${path}: directory ${dir} is not writable`, 'choose another --out');
  }
  return path;
}

/** Writes the report atomically (see atomic-write.ts); a path that cannot be written is the user's to fix. */
export function writeReportFile(path: string, content: string): number {
  try {
    return writeTextFileAtomically(path, content).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code && ['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EDQUOT', 'EXDEV'].includes(code)) {
      throw new UserError(`cannot write the report to ${path}: ${(err as Error).message}`, 'choose another --out');
    }
    throw err;
  }
}

function realIndexDir(indexDir: string): string {
  const abs = resolve(indexDir);
  return existsSync(abs) ? realpathSync(abs) : abs;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
