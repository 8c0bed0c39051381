/**
 * Reads the evaluated code may not make. The host's file system may refuse a path (a
 * ConfinedFileSystem refuses anything outside the project, links leading out, special files):
 * such a path is neither missing nor present for the code — `open()` of it is unknown with the
 * reason, never a FileNotFoundError that a `try` would turn into a confident default.
 */
import type { FileSystem } from '../fileSystem';

/** Thrown by the Runtime's file access for a refused path; a builtin call it escapes from is unknown. */
export class ReadRefused {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {}

  /** The reason an unknown value carries. */
  get reason(): string {
    return refusedReason(this.path, this.why);
  }
}

/** "<path> is not read: outside the project …" (a long computed path is clipped). */
export function refusedReason(path: string, why: string): string {
  const shown = path.length > 120 ? path.slice(0, 119) + '…' : path;
  return `${shown} is not read: ${why}`;
}

/** A file system that can say why a path may not be read (ConfinedFileSystem does). */
interface Denying {
  denial(path: string): Promise<string | undefined>;
}

/** The host's `denial(path)` when it has one (duck-typed so that wrappers can forward it). */
export function denialOf(fs: FileSystem): ((path: string) => Promise<string | undefined>) | undefined {
  const d = (fs as Partial<Denying>).denial;
  return typeof d === 'function' ? (path) => d.call(fs, path) : undefined;
}

/** True for the error a confining file system rejects a read with (OutsideProjectError). */
export function isRefusalError(e: unknown): e is { reason: string } {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'EOUTSIDE' && typeof (e as { reason?: unknown }).reason === 'string';
}
