/**
 * Every setting paperscope takes from the environment, in one place (as transformers.js keeps its own in
 * src/env.js): what each variable means, its default, and how it is read. No other module reads
 * `process.env`. An instance reads its settings once, when it is opened (`openIndex` reads them from
 * `process.env`, or from the `env` it is given), and keeps them: nothing global changes afterwards.
 * Options given in code or on the command line win over these.
 */
import { availableParallelism, homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where models are downloaded from unless HF_ENDPOINT names a mirror. */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

export interface Settings {
  /** Where the index is when none is given: a directory, or a postgresql:// URI. */
  index: string;
  /** Where models are cached. */
  modelsDir: string;
  /** Never touch the network. */
  offline: boolean;
  /** Threads for inference and for the report's neighbour search. */
  threads: number;
  /** Bytes a gzip file may expand to; undefined: max(1 GiB, 200x its compressed size). */
  gunzipLimit?: number;
  /** The Hugging Face hub, or a mirror of it (no trailing slash). */
  hubEndpoint: string;
  /** Sent to huggingface.co only, never to a mirror. */
  hubToken?: string;
  /** libpq's TLS variables, for a PostgreSQL index whose URI leaves them out (node-postgres reads the others itself). */
  libpq: LibpqTls;
}

export interface LibpqTls {
  sslmode?: string;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  /** A directory here is a Unix socket, which never uses TLS. */
  host?: string;
}

/** One environment variable, as the README's table shows it (test/docs.test.ts keeps the two equal). */
export interface EnvironmentVariable {
  name: string;
  meaning: string;
  default: string;
}

export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: 'PAPERSCOPE_INDEX', meaning: 'the index (a directory, or a `postgresql://` URI) when `--index` (`openIndex({ dir })`) is not given', default: '`index` (in the current directory)' },
  {
    name: 'PAPERSCOPE_MODELS',
    meaning: 'the model cache folder when `--models` (`modelsDir`) is not given',
    default: 'the `models/` folder of a paperscope checkout; `$XDG_CACHE_HOME/paperscope/models` (else `~/.cache/paperscope/models`) when installed as a package',
  },
  { name: 'PAPERSCOPE_OFFLINE', meaning: 'never touch the network (`1`, `true`; `0`, `false` or empty: off); `HF_HUB_OFFLINE` works too', default: 'off' },
  { name: 'PAPERSCOPE_THREADS', meaning: 'threads for inference and the report\'s neighbour search (`1` keeps both to one)', default: 'every core' },
  { name: 'PAPERSCOPE_GUNZIP_LIMIT', meaning: 'bytes a gzip input may expand to before it is refused as a likely bomb', default: 'max(1 GiB, 200x the compressed size)' },
  {
    name: 'PGSSLMODE',
    meaning: "TLS to a PostgreSQL index whose URI gives no `sslmode=`, as libpq means it (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`); `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY` likewise stand in for `sslrootcert=`, `sslcert=`, `sslkey=`. The other libpq variables (`PGHOST`, `PGUSER`, `PGPASSWORD`, ...) are read too",
    default: 'no TLS',
  },
  { name: 'HF_ENDPOINT', meaning: 'a mirror of the Hugging Face hub to download models from', default: '`https://huggingface.co`' },
  { name: 'HF_TOKEN', meaning: 'token for gated or private models, sent to huggingface.co only (never to a mirror); `HF_ACCESS_TOKEN` works too', default: 'none' },
];

/** The settings the environment gives (`process.env` unless another is passed). */
export function readSettings(env: Environment = process.env): Settings {
  const models = env.PAPERSCOPE_MODELS;
  return {
    index: env.PAPERSCOPE_INDEX || 'index',
    modelsDir: models ? resolve(models) : defaultModelsDir(env),
    offline: isOn(env.PAPERSCOPE_OFFLINE ?? env.HF_HUB_OFFLINE),
    threads: positiveInteger(env.PAPERSCOPE_THREADS) ?? availableParallelism(),
    gunzipLimit: positiveInteger(env.PAPERSCOPE_GUNZIP_LIMIT),
    hubEndpoint: (env.HF_ENDPOINT?.trim() || DEFAULT_HUB_ENDPOINT).replace(/\/+$/, ''),
    hubToken: env.HF_TOKEN || env.HF_ACCESS_TOKEN || undefined,
    libpq: { sslmode: env.PGSSLMODE || undefined, sslrootcert: env.PGSSLROOTCERT || undefined, sslcert: env.PGSSLCERT || undefined, sslkey: env.PGSSLKEY || undefined, host: env.PGHOST || undefined },
  };
}

/** Where models live unless the user says otherwise: the project's `models/`, never inside node_modules. */
function defaultModelsDir(env: Environment): string {
  // This file is src/settings.ts or dist/settings.js: the package root is one folder up either way.
  const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (!packageRoot.split(sep).includes('node_modules')) return join(packageRoot, 'models');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'paperscope', 'models');
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** A set variable that is not a positive whole number counts as unset. */
function positiveInteger(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
