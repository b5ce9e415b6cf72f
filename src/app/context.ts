import type { DownloadProgress } from '../embed/download.js';
import { loadEmbedder, type Embedder } from '../embed/embedder.js';
import { modelKey, resolveModelSpec, type Dtype } from '../embed/registry.js';
import type { Settings } from '../settings.js';
import { openStore } from '../store/open.js';
import type { IndexStore } from '../store/port.js';

/**
 * What every use case works with: the index's store, the settings the instance was opened with, and
 * its models. Each use case (a module of src/app/) is a function of this context and plain options.
 */
export interface AppContext {
  readonly store: IndexStore;
  readonly settings: Settings;
  /** The embedder for a model, loaded once per context: concurrent callers wait for the same load. */
  embedder(model: string, dtype: Dtype): Promise<Embedder>;
  /** Waits for the work under way, then closes the store and frees the models. */
  close(): Promise<void>;
}

export interface ContextOptions {
  /** Where the index is (a directory). */
  location: string;
  settings: Settings;
  /** Texts per forward pass when embedding. */
  batchSize?: number;
  onDownload?: (p: DownloadProgress) => void;
}

export function createContext(o: ContextOptions): AppContext {
  const store = openStore(o.location, o.settings);
  const models = new Map<string, Promise<Embedder>>();
  return {
    store,
    settings: o.settings,
    embedder(model, dtype) {
      const key = modelKey(resolveModelSpec(model).id, dtype);
      let loading = models.get(key);
      if (!loading) {
        loading = loadEmbedder({
          model,
          dtype,
          modelsDir: o.settings.modelsDir,
          offline: o.settings.offline,
          hub: { endpoint: o.settings.hubEndpoint, token: o.settings.hubToken },
          threads: o.settings.threads,
          batchSize: o.batchSize,
          onDownload: o.onDownload,
        });
        // A failed load is not kept: the next call tries again (say, once the user is online).
        loading.catch(() => models.delete(key));
        models.set(key, loading);
      }
      return loading;
    },
    async close() {
      await store.close();
      const loaded = await Promise.allSettled(models.values());
      models.clear();
      for (const r of loaded) if (r.status === 'fulfilled') await r.value.dispose();
    },
  };
}
