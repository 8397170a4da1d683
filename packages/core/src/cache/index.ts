/**
 * Short-lived in-process caches for records that hot paths read on every call and that change
 * rarely (a programme, its webhook endpoints, an active partner's name). The process that
 * changes such a record evicts it at once; other processes (other Lambda instances) see the
 * change within the cache's time to live, as they already do for sessions (auth/cache.ts).
 *
 * Entries remember the record's `version`: a fresher read (a higher version) replaces an entry,
 * an older one never does, so a slow load that raced a change cannot put stale data back.
 *
 * A Map and a clock rather than a library: this sits on the cold-start path of every Lambda.
 */

type Entry<V> = { value: V; version: number; until: number };

/** How long a cached record may be served; an hour of traffic costs a handful of reads per key. */
export const SHORT_TTL_MS = Number(process.env.ATENSI_CACHE_TTL_MS ?? 5_000);

export const shortLived = <V>(options: { ttlMs?: number; max?: number; version?: (v: V) => number } = {}) => {
  const entries = new Map<string, Entry<V>>();
  const max = options.max ?? 1_000;
  const versionOf = options.version ?? (() => 0);
  const loading = new Map<string, Promise<V>>();
  // Bumped by every eviction, so a load that started before one does not store its result.
  let generation = 0;

  const get = (key: string) => {
    const hit = entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return hit.value;
  };

  const set = (key: string, value: V) => {
    const current = entries.get(key);
    const version = versionOf(value);
    if (current && current.until > Date.now() && current.version > version) return;
    if (!current && entries.size >= max) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(key, { value, version, until: Date.now() + (options.ttlMs ?? SHORT_TTL_MS) });
  };

  return {
    get,
    set,
    /** The cached value, or the loaded one (concurrent misses of one key share a single load). */
    through: async (key: string, load: () => Promise<V>): Promise<V> => {
      const hit = get(key);
      if (hit !== undefined) return hit;
      const pending = loading.get(key);
      if (pending) return pending;
      const started = generation;
      const promise = load()
        .then((value) => {
          if (started === generation) set(key, value);
          return value;
        })
        .finally(() => loading.delete(key));
      loading.set(key, promise);
      return promise;
    },
    forget: (key: string) => {
      generation++;
      loading.delete(key);
      entries.delete(key);
    },
    clear: () => {
      generation++;
      loading.clear();
      entries.clear();
    },
  };
};
