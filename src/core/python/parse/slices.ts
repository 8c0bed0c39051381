import { LoopTurns } from '../../yieldingFileSystem';

/**
 * How the editor parses: in slices, working until `deadline()` (performance.now()) and then awaiting
 * `turn()` (a LoopTurns: every slice of every parse shares one budget per turn of the event loop).
 */
export interface ParseSlices {
  deadline(): number;
  turn(): Promise<void>;
}

/** The editor's slices: ~20 ms of parsing between two turns of the event loop, shared by every parse. */
export const EDITOR_PARSE_SLICES: ParseSlices = new LoopTurns(20);
