/** One figure of a benchmark, always paired with the floor measured in the same run. */
export type BenchFigure = {
  bench: string;
  metric: string;
  unit: string;
  value: number;
  floor?: number;
  /** value / floor, or floor / value when higher is better; see `better`. */
  ratio?: number;
  better?: "higher" | "lower";
  target?: string;
  pass?: boolean;
  note?: string;
  /** Stamped by run.ts: the commit (`+dirty` with uncommitted changes) and time it was measured on. */
  commit?: string;
  at?: string;
};

/** Each benchmark module under test/bench/ exports `run` and is picked up by run.ts. */
export type BenchModule = { name: string; run: () => Promise<BenchFigure[]> };
