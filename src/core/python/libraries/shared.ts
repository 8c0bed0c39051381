/**
 * What the library models share. Each model follows its library's own rules (django-environ does
 * not cast defaults, decouple does; python-dotenv and django-environ parse .env files differently)
 * and reads files only through the Runtime, so they are recorded in filesRead.
 */
import { BUILTINS } from '../builtins/functions';
import { ppAbspath, ppDirname } from '../posixPath';
import type { CallContext, PyBuiltin, PyValue, Runtime } from '../values';

/** A builtin by name (str, int, bool …), for casts. */
export const bt = (name: string): PyBuiltin => BUILTINS.get(name) as PyBuiltin;
/** True when `v` is the builtin type `name` (a cast such as `cast=bool`). */
export const isType = (v: PyValue | undefined, name: string): boolean => !!v && v.kind === 'builtin' && v.typeName === name;

/** The folder of the module whose code made the call (library "caller path" magic). */
export function callerDir(ctx: CallContext): string {
  return ppDirname(ctx.frame.module.file);
}

/** An absolute path, relative ones against the working directory Django would have. */
export function abs(rt: Runtime, p: string): string {
  return ppAbspath(p, rt.host.cwd);
}
