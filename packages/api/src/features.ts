/**
 * Features are imported on their first request, in three groups (features/*.ts). A Lambda cold
 * start then compiles only the shell (middleware, errors, caller lookup) and the group its
 * request needs: esbuild makes each group's import() its own chunk. Groups rather than a chunk
 * per feature: twelve chunks and the common chunks between them made the bundle 13 KiB larger.
 */
const accounts = () => import("./features/accounts");
const programmes = () => import("./features/programmes");
const reporting = () => import("./features/reporting");

/**
 * Every feature of the versioned API by its path under `/v1`, with the group it loads with; the
 * group exports the feature's sub-app under this name (checked below). The shell's routing, the
 * composed API, its `hc` type and the OpenAPI document all come from this list.
 */
export const FEATURES = {
  auth: accounts,
  partners: accounts,
  users: accounts,
  regions: accounts,
  units: accounts,
  mail: accounts,
  programs: programmes,
  endpoints: programmes,
  deliveries: programmes,
  referrals: programmes,
  notifications: programmes,
  agreements: reporting,
  reports: reporting,
  dashboard: reporting,
  "social-workers": reporting,
  exports: reporting,
  documents: reporting,
  verify: reporting,
  "open-data": reporting,
  analytics: reporting,
} as const satisfies Record<string, () => Promise<Record<string, unknown>>>;

type Features = typeof FEATURES;
export type FeatureName = keyof Features & string;
type Group<K extends FeatureName> = Awaited<ReturnType<Features[K]>>;
export type FeatureApp<K extends FeatureName> = K extends keyof Group<K> ? Group<K>[K] : never;

/** A feature its group does not export is a compile error here, naming the feature. */
type Unexported = { [K in FeatureName]: K extends keyof Group<K> ? never : K }[FeatureName];
type NoneMissing<T extends never> = T;
export type EveryFeatureExported = NoneMissing<Unexported>;

export const loadFeature = <K extends FeatureName>(name: K): Promise<FeatureApp<K>> =>
  FEATURES[name]().then((group) => (group as unknown as Record<K, FeatureApp<K>>)[name]);
