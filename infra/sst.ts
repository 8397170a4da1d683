/**
 * SST v2's types for files outside this package (sst.config.ts sits at the repository root,
 * where `sst` is not installed): type-only re-exports, erased at build time.
 */
export type { SSTConfig } from "sst";
export type { App, StackContext } from "sst/constructs";
