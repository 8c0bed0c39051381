/**
 * How the editor parses: in slices, working until `deadline()` (performance.now()) and then awaiting
 * `turn()` (a LoopTurns: every slice of every parse shares one budget per turn of the event loop).
 */
export interface ParseSlices {
  deadline(): number;
  turn(): Promise<void>;
}
