/**
 * Python exceptions: the builtin exception classes, their instances, and the PyException that
 * carries a raised one through the evaluator (a JS throw, caught by `try` statements and at
 * statement boundaries).
 */
import { reprOf, strOf } from './valueText';
import { pyTuple, strValue, type ObjectType, type PyClass, type PyObject, type PyValue } from './values';

/** A Python exception in flight. */
export class PyException {
  constructor(
    readonly cls: PyClass,
    readonly message: string,
    readonly instance: PyValue,
    /** The evaluator only knows that *some* exception was raised (raise of an unknown). */
    readonly uncertain = false,
  ) {}
}

// ------------------------------------------------------------------ exceptions

function excClass(name: string, base: PyClass | null): PyClass {
  return { kind: 'class', name, bases: base ? [base] : [], attrs: new Map(), mro: base ? [name, ...base.mro] : [name], isException: true };
}

/** Builtin exception classes (plus Django's ImproperlyConfigured, which settings raise). */
export const EXC: Record<string, PyClass> = {};
{
  const def = (name: string, base: string | null): void => {
    EXC[name] = excClass(name, base ? EXC[base] : null);
  };
  def('BaseException', null);
  def('Exception', 'BaseException');
  def('SystemExit', 'BaseException');
  def('KeyboardInterrupt', 'BaseException');
  def('ArithmeticError', 'Exception');
  def('ZeroDivisionError', 'ArithmeticError');
  def('OverflowError', 'ArithmeticError');
  def('LookupError', 'Exception');
  def('KeyError', 'LookupError');
  def('IndexError', 'LookupError');
  def('ValueError', 'Exception');
  def('UnicodeError', 'ValueError');
  def('TypeError', 'Exception');
  def('AttributeError', 'Exception');
  def('NameError', 'Exception');
  def('UnboundLocalError', 'NameError');
  def('ImportError', 'Exception');
  def('ModuleNotFoundError', 'ImportError');
  def('OSError', 'Exception');
  def('FileNotFoundError', 'OSError');
  def('FileExistsError', 'OSError');
  def('PermissionError', 'OSError');
  def('IsADirectoryError', 'OSError');
  def('NotADirectoryError', 'OSError');
  def('RuntimeError', 'Exception');
  def('NotImplementedError', 'RuntimeError');
  def('RecursionError', 'RuntimeError');
  def('AssertionError', 'Exception');
  def('SyntaxError', 'Exception');
  def('StopIteration', 'Exception');
  def('Warning', 'Exception');
  def('UserWarning', 'Warning');
  def('DeprecationWarning', 'Warning');
  def('RuntimeWarning', 'Warning');
  def('ImproperlyConfigured', 'Exception');
  def('UndefinedValueError', 'Exception');
  def('JSONDecodeError', 'ValueError');
  def('TOMLDecodeError', 'ValueError');
  EXC.IOError = EXC.OSError;
  EXC.EnvironmentError = EXC.OSError;
}

/** True when cls is base or derives from it. */
export function isSubclass(cls: PyClass, base: PyClass): boolean {
  if (cls === base) return true;
  return cls.bases.some((b) => isSubclass(b, base));
}

const EXC_INSTANCE: ObjectType = {
  name: 'exception',
  getattr(self, name) {
    const d = self.data as { cls: PyClass; args: PyValue[] };
    if (name === 'args') return pyTuple(d.args);
    if (name === '__class__') return d.cls;
    return undefined;
  },
  str(self) {
    const d = self.data as { cls: PyClass; args: PyValue[] };
    if (!d.args.length) return '';
    // KeyError shows the repr of its key.
    if (d.args.length === 1 && isSubclass(d.cls, EXC.KeyError)) return reprOf(d.args[0]);
    if (d.args.length === 1) return strOf(d.args[0]);
    return reprOf(pyTuple(d.args));
  },
};

/** An exception instance (what `except E as e` binds). */
export function makeExceptionInstance(cls: PyClass, args: PyValue[]): PyObject {
  return { kind: 'object', type: EXC_INSTANCE, data: { cls, args } };
}

/** The class of an exception instance, or null. */
export function exceptionClassOf(v: PyValue): PyClass | null {
  if (v.kind === 'object' && v.type === EXC_INSTANCE) return (v.data as { cls: PyClass }).cls;
  return null;
}

/** Throws a Python exception of a builtin class (Exception when the name is not one). */
export function raise(name: string, message: string): never {
  const cls = EXC[name] ?? EXC.Exception;
  throw new PyException(cls, message, makeExceptionInstance(cls, [strValue(message)]));
}

/** Raises KeyError(key): str(e) is repr(key) and e.args is (key,), like Python. */
export function raiseKey(key: PyValue): never {
  const r = reprOf(key);
  throw new PyException(EXC.KeyError, typeof r === 'string' ? r : '<unknown key>', makeExceptionInstance(EXC.KeyError, [key]));
}
