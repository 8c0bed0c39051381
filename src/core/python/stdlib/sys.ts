/**
 * sys: sys.path (which the evaluated code may extend), sys.modules, and the rest as unknown.
 */
import { strRepr } from '../valueText';
import { FALSE, NONE, pyInt, strValue, unknown, type ObjectType, type PyModule, type Runtime } from '../values';
import { fn, mod, unknownFn } from './shared';

const SYS_MODULES_TYPE: ObjectType = {
  name: 'sys.modules',
  getitem(_self, key, ctx) {
    if (key.kind !== 'str') return unknown('sys.modules with an unknown name', ctx.range);
    if (key.value === ctx.frame.module.name) return ctx.frame.module.value;
    const m = ctx.rt.modelledModule(key.value);
    return m ?? unknown(`sys.modules[${strRepr(key.value)}] is not evaluated`, ctx.range);
  },
  contains() {
    return unknown('the contents of sys.modules are not known statically');
  },
};

/** sys: the evaluation's sys.path and sys.modules, and the attributes settings read (argv, platform, version …). */
export function sysModule(rt: Runtime): PyModule {
  return mod('sys', {
    argv: unknown('the command line (sys.argv) is not known statically'),
    orig_argv: unknown('the command line (sys.argv) is not known statically'),
    path: rt.sysPath,
    modules: { kind: 'object', type: SYS_MODULES_TYPE, data: null },
    platform: unknown('sys.platform depends on the operating system Django runs on'),
    version: unknown('the Python version is not known statically'),
    version_info: unknown('the Python version is not known statically'),
    executable: unknown('the Python executable is not known statically'),
    prefix: unknown('the Python installation is not known statically'),
    base_prefix: unknown('the Python installation is not known statically'),
    implementation: unknown('the Python implementation is not known statically'),
    maxsize: unknown('sys.maxsize is not evaluated'),
    stdout: unknown('sys.stdout is not evaluated', undefined, 'sys.stdout'),
    stderr: unknown('sys.stderr is not evaluated', undefined, 'sys.stderr'),
    stdin: unknown('sys.stdin is not evaluated', undefined, 'sys.stdin'),
    flags: unknown('sys.flags is not evaluated'),
    dont_write_bytecode: FALSE,
    exit: fn('exit', (ctx, args) => ctx.rt.raise('SystemExit', args[0] && args[0].kind === 'str' ? args[0].value : '')),
    getdefaultencoding: fn('getdefaultencoding', () => strValue('utf-8')),
    getfilesystemencoding: fn('getfilesystemencoding', () => strValue('utf-8')),
    setrecursionlimit: fn('setrecursionlimit', () => NONE),
    getrecursionlimit: fn('getrecursionlimit', () => pyInt(1000)),
    gettrace: unknownFn('gettrace', 'whether a debugger is attached is not known'),
    _getframe: unknownFn('_getframe', 'stack frames are not evaluated'),
  });
}
