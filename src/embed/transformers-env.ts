/**
 * transformers.js keeps its settings in one global `env` object, which a host application may use too.
 * paperscope passes what a call can take as an option (the model's folder, local files only), and sets
 * the rest (the hub's address, the cache folder a download goes to, the log level) only while its own
 * call runs, one such call at a time in the process, putting back what it found: two paperscope
 * instances with different model folders, or a host application's own settings, stay apart.
 */
import { Serial } from '../serial.js';

type Transformers = typeof import('@huggingface/transformers');
type TransformersEnv = Transformers['env'];
export type EnvOverrides = Partial<Pick<TransformersEnv, 'allowLocalModels' | 'allowRemoteModels' | 'localModelPath' | 'cacheDir' | 'useFSCache' | 'remoteHost' | 'logLevel'>>;

const oneAtATime = new Serial();

/** Runs `fn` with these transformers.js settings, then restores the previous ones (also when `fn` fails). */
export function withTransformersEnv<T>(settings: (tf: Transformers) => EnvOverrides, fn: (tf: Transformers) => Promise<T>): Promise<T> {
  return oneAtATime.run(async () => {
    const tf = await import('@huggingface/transformers');
    const overrides = settings(tf);
    const env = tf.env as unknown as Record<string, unknown>;
    const keys = Object.keys(overrides) as (keyof EnvOverrides)[];
    const saved = keys.map((key) => [key, env[key]] as const);
    for (const key of keys) env[key] = overrides[key];
    try {
      return await fn(tf);
    } finally {
      for (const [key, value] of saved) env[key] = value;
    }
  });
}
