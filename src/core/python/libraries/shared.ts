/**
 * What the library models share. Each model follows its library's own rules (django-environ does
 * not cast defaults, decouple does; python-dotenv and django-environ parse .env files differently)
 * and reads files only through the Runtime, so they are recorded in filesRead.
 */
import { BUILTINS } from '../builtins/functions';
import { ppAbspath, ppDirname } from '../posixPath';
import type { CallContext, PyBuiltin, PyValue, Runtime } from '../values';

export const bt = (name: string): PyBuiltin => BUILTINS.get(name) as PyBuiltin;
export const isType = (v: PyValue | undefined, name: string): boolean => !!v && v.kind === 'builtin' && v.typeName === name;

/** The folder of the module whose code made the call (library "caller path" magic). */
export function callerDir(ctx: CallContext): string {
  return ppDirname(ctx.frame.module.file);
}

export function abs(rt: Runtime, p: string): string {
  return ppAbspath(p, rt.host.cwd);
}
