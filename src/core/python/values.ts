/**
 * Python values as the evaluator models them. Containers are mutable JS objects so that aliasing
 * behaves like Python (`STORAGES["default"]["BACKEND"] = …` changes every reference). Anything the
 * evaluator cannot determine is a `PyUnknown` carrying the reason; it propagates through every
 * operation instead of being guessed.
 */
import type { FileStat, FileSystem } from '../fileSystem';
import type { PyJson, SettingValue, SourceRange } from '../model';
import type { Expr, FunctionDef, ModuleAst, Param, Span } from './ast';
import type { AnalysisBudget } from './budget';

/** None. */
export interface PyNone {
  kind: 'none';
}
/** A bool. */
export interface PyBool {
  kind: 'bool';
  value: boolean;
}
/** An int (always a safe JS integer). */
export interface PyInt {
  kind: 'int';
  value: number;
}
/** A float. */
export interface PyFloat {
  kind: 'float';
  value: number;
}
/** A str. */
export interface PyStr {
  kind: 'str';
  value: string;
}
/** A list (mutable, shared by reference). */
export interface PyList {
  kind: 'list';
  items: PyValue[];
  /** Set when the evaluator lost track of the contents (e.g. `.extend(<unknown>)`). */
  poisoned?: string;
}
/** A tuple. */
export interface PyTuple {
  kind: 'tuple';
  items: PyValue[];
  /** Instances of named tuples (typing.NamedTuple, collections.namedtuple, urlparse results):
   *  the class name and field names, read as attributes. */
  named?: NamedTupleInfo;
}
/** What a named tuple adds to a tuple: field names read as attributes (and extra properties). */
export interface NamedTupleInfo {
  typeName: string;
  fields: string[];
  /** Further attributes (urlparse's hostname, port …). */
  attr?(self: PyTuple, name: string, ctx: CallContext): PyValue | undefined;
}
/** A dict entry keeps the first key object inserted, like CPython. */
export interface DictEntry {
  key: PyValue;
  value: PyValue;
}
/** A dict. */
export interface PyDict {
  kind: 'dict';
  /** Keyed by hashKey(key); insertion ordered like a Python dict. */
  entries: Map<string, DictEntry>;
  poisoned?: string;
}
/** A set or frozenset. */
export interface PySet {
  kind: 'set';
  entries: Map<string, PyValue>;
  frozen: boolean;
  poisoned?: string;
}
/** A pathlib path (PosixPath / PurePosixPath), kept distinct from str. `value` is normalised the
 *  way pathlib prints it ("a//b/./c/" -> "a/b/c", "" -> "."). */
export interface PyPath {
  kind: 'path';
  value: string;
  pure: boolean;
}
/** Namespace of a module evaluated from project source. */
export interface ModuleNamespace {
  readonly name: string;
  readonly file: string;
  globals: Map<string, Binding>;
  /** False while the module is still being evaluated (circular import). */
  complete: boolean;
}
/** A module: project (live namespace), modelled (fixed attributes) or opaque (neither). */
export interface PyModule {
  kind: 'module';
  name: string;
  /** Project module: its live globals. */
  ns?: ModuleNamespace;
  /** Modelled or caller-provided module: fixed attributes. */
  attrs?: Map<string, PyValue>;
  /** Loads submodules / attributes on demand (packages like `os`). */
  lazy?: (name: string) => PyValue | undefined;
}
/** A project function or lambda, run with Python argument binding when called. */
export interface PyFunction {
  kind: 'function';
  name: string;
  params: Param[];
  /** Statement body (def) or expression body (lambda). */
  def: FunctionDef | null;
  body: Expr | null;
  defaults: Map<string, PyValue>;
  /** The defining frame (closure) — an interpreter Frame. */
  closure: object;
}
/** What a builtin receives: positional arguments and keyword arguments (null when none). */
export type BuiltinImpl = (ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null) => PyValue | Promise<PyValue>;
/** A builtin function, method (with its receiver) or type. */
export interface PyBuiltin {
  kind: 'builtin';
  name: string;
  impl: BuiltinImpl;
  /** Bound receiver for methods. */
  self?: PyValue;
  /** Set on builtin types (str, int, bool …) so isinstance() and casts can recognise them. */
  typeName?: string;
}
/** A class (builtin exception classes and classes defined by the project). */
export interface PyClass {
  kind: 'class';
  name: string;
  bases: PyClass[];
  attrs: Map<string, PyValue>;
  /** Names of this class and its ancestors (exception matching, isinstance). */
  mro: string[];
  /** Builtin exception classes and classes deriving from them. */
  isException: boolean;
  /** A base class is not evaluated (a Django or library class): attributes may come from it. */
  opaqueBase?: boolean;
  /** Behaviour a modelled base class gives its subclasses (enum.Enum, typing.NamedTuple …),
   *  inherited from the first base that has it. */
  meta?: ClassMeta;
}
/** What a modelled metaclass does: transform the class once its body ran, calls, indexing. */
export interface ClassMeta {
  name: string;
  /** After the class statement ran (before decorators): `otherBases` are the bases that are not
   *  classes (str, int …). Returns the value the class name is bound to. */
  created?(cls: PyClass, ctx: CallContext, otherBases: PyValue[], annotated: string[]): PyValue | Promise<PyValue>;
  call?(cls: PyClass, ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue | Promise<PyValue>;
  getitem?(cls: PyClass, key: PyValue, ctx: CallContext): PyValue;
  iterate?(cls: PyClass): PyValue[] | PyUnknown;
}
/** Stand-ins for third-party / stdlib objects (environ.Env, decouple Csv, os.environ, …). */
export interface PyObject {
  kind: 'object';
  type: ObjectType;
  data: unknown;
}
/** Behaviour of a stand-in object type (attribute access, calls, operators …). */
export interface ObjectType {
  name: string;
  getattr?(self: PyObject, name: string, ctx: CallContext): PyValue | undefined;
  call?(self: PyObject, ctx: CallContext, args: PyValue[], kwargs: Map<string, PyValue> | null): PyValue | Promise<PyValue>;
  getitem?(self: PyObject, key: PyValue, ctx: CallContext): PyValue | Promise<PyValue>;
  setitem?(self: PyObject, key: PyValue, value: PyValue, ctx: CallContext): void;
  delitem?(self: PyObject, key: PyValue, ctx: CallContext): void;
  contains?(self: PyObject, item: PyValue, ctx: CallContext): PyValue;
  iterate?(self: PyObject, ctx: CallContext): PyValue[] | PyUnknown;
  str?(self: PyObject): string | PyUnknown;
  /** os.fspath(): objects usable as paths (environ.Path). */
  fspath?(self: PyObject): string;
  truthy?(self: PyObject): boolean | PyUnknown;
  equals?(self: PyObject, other: PyValue): boolean | PyUnknown;
  /** int()/float() of objects that are numbers (IntEnum members): their numeric value. */
  asNumber?(self: PyObject): PyValue | undefined;
  /** The dict/set key, when equal objects must share one with other values (str-valued enum
   *  members and their str); default: identity. */
  hash?(self: PyObject): string | null | PyUnknown;
  binop?(self: PyObject, op: string, other: PyValue, reflected: boolean, ctx: CallContext): PyValue | undefined;
  toJson?(self: PyObject): SettingValue<PyJson>;
}
/** A value that cannot be determined statically, with the reason. */
export interface PyUnknown {
  kind: 'unknown';
  reason: string;
  range?: SourceRange;
  /** Dotted name of an unmodelled third-party object, so a call can say what it called. */
  opaque?: string;
  /** The result of calling something (a decorator that is not evaluated, a call of a deferred
   *  module's name): used as a route's view, it is a view, not a URL list. */
  viewLike?: true;
  /** A deferred module's name this stands for (see deferred.ts), attributes and calls included. */
  deferred?: string;
}

/** Every value the evaluator manipulates. */
export type PyValue =
  | PyNone
  | PyBool
  | PyInt
  | PyFloat
  | PyStr
  | PyList
  | PyTuple
  | PyDict
  | PySet
  | PyPath
  | PyModule
  | PyFunction
  | PyBuiltin
  | PyClass
  | PyObject
  | PyUnknown;

// ------------------------------------------------------------------ the runtime seen by native code

/** A module-level name and the expression that last set it. */
export interface Binding {
  value: PyValue;
  /** The value expression of the statement that last set the name. */
  origin: SourceRange;
}

/** A write that may set any module-level name (so unset names are not reliably unset). */
export interface OpaqueWrite {
  range: SourceRange;
  description: string;
}

/** A module being (or done being) evaluated: its namespace, AST and writes that cannot be followed. */
export interface ModuleState extends ModuleNamespace {
  ast: ModuleAst;
  /** __package__: the package relative imports resolve against. */
  packageName: string;
  value: PyModule;
  /** Writes that may set any name of this module. */
  opaque: OpaqueWrite[];
  /** False for modules whose failure is not known to stop Django from starting (a view module
   *  a URLconf imports): an exception there is noted without claiming a start failure. */
  failureStopsStart?: boolean;
  /** Not evaluated (EvaluationHost.deferModule): every name it would define is unknown. */
  deferred?: boolean;
}

/** An execution frame: module level (locals null) or a function / class body. */
export interface Frame {
  module: ModuleState;
  locals: Map<string, Binding> | null;
  globalDecl: Set<string> | null;
  closure: Frame | null;
  isClass: boolean;
}

/** What builtins receive about the call site. */
export interface CallContext {
  readonly rt: Runtime;
  readonly frame: Frame;
  readonly range: SourceRange | undefined;
  /** The callee as written ("dj_database_url.config"). */
  readonly calleeText: string;
}

/** The part of the evaluation host that modelled modules see: files, environment, cwd. */
export interface RuntimeHost {
  readonly fs: FileSystem;
  /** os.environ as the evaluated code sees it (see EvaluationHost.env). */
  readonly env: Map<string, string>;
  readonly sysPath: string[];
  /** The working directory Django would have: the folder of manage.py. */
  readonly cwd: string;
}

/**
 * What builtins, the stdlib models and the library models may ask of the evaluator. They get it
 * as `ctx.rt` and never see the interpreter itself, so they can live below it in the import
 * graph (values → format → builtins → stdlib/libraries → interpreter) and cannot reach into its
 * control flow. Everything here is per evaluation: one Runtime evaluates one settings module
 * and what it imports.
 */
export interface Runtime {
  readonly host: RuntimeHost;
  /** sys.path as the evaluated code sees (and may extend) it. */
  readonly sysPath: PyList;
  /** Every file read or probed, so that a change to any of them re-runs the evaluation. */
  readonly filesRead: Set<string>;
  /** Folders created by os.makedirs / Path.mkdir during evaluation. */
  readonly createdDirs: Set<string>;
  /** Per-evaluation state of modelled libraries (decouple's lazily loaded config …). */
  readonly libState: Map<string, unknown>;
  /** Environment variables whose value is unknown (name -> reason). */
  readonly envUnknown: Map<string, string>;
  /** Set when code that is not evaluated may have changed any variable (the reason). */
  envAllUnknown: string | null;
  /** The analysis budget: builtins charge the size of their work to it (see budget.ts). */
  readonly budget: AnalysisBudget;

  /** Throws a Python exception of a builtin class. */
  raise(name: string, message: string): never;
  /** Raises KeyError(key) the way Python words it. */
  raiseKey(key: PyValue): never;
  /** A failure that may or may not happen here: if an enclosing try would catch it, its handler also runs. */
  maybeRaise(excName: string | null, description: string): Promise<void>;
  /** Records a note for the user (once per message and line). */
  note(severity: 'info' | 'warning', message: string, range?: SourceRange): void;
  /** Something may have written any name of the frame's module. */
  opaqueWrite(frame: Frame, range: SourceRange | undefined, description: string): void;

  /** os.environ[key]: the string, undefined when unset, or unknown. */
  envGet(key: string): string | undefined | PyUnknown;
  /** os.environ[key] = value (an unknown value makes the variable unknown). */
  envSet(key: string, value: string | PyUnknown): void;
  /** del os.environ[key] */
  envDelete(key: string): void;
  /** Sets a variable only if it is not set (loaders without override, setdefault). */
  envSetDefault(key: string, value: string | PyUnknown): void;

  /** Why the code may not read or probe `path` ("outside the project …"), or undefined. */
  refusal(path: string): Promise<string | undefined>;
  /** File metadata through the host, cached for the evaluation. Throws ReadRefused for a refused
   *  path (like exists and readText): the builtin call it escapes from is then unknown. */
  stat(path: string): Promise<FileStat | undefined>;
  /** os.path.exists as the code sees it (folders it created count); records the probe. */
  exists(path: string, kind?: 'file' | 'directory'): Promise<boolean>;
  /** A text file the code loads (.env, settings.ini, JSON); undefined when missing or unreadable. */
  readText(path: string): Promise<string | undefined>;

  /** Calls any callable value. */
  callValue(func: PyValue, args: PyValue[], kwargs: Map<string, PyValue> | null, frame: Frame, calleeExpr: Expr | null, callExpr?: Span): Promise<PyValue>;
  /** getattr(obj, name). */
  getAttr(obj: PyValue, name: string, frame: Frame, site: Span | null): PyValue;
  /** obj[key]. */
  getItem(obj: PyValue, key: PyValue, frame: Frame, site: Span | null): Promise<PyValue>;
  /** A binary operator (a + b …). */
  binaryOp(op: string, a: PyValue, b: PyValue, frame: Frame, site: Span | null): PyValue;
  /** `item in container`; unknown when it depends on an unknown. */
  contains(container: PyValue, item: PyValue, frame: Frame | null): boolean | PyUnknown;
  /** dict.update(other, **kwargs) / {**other}. */
  dictUpdate(d: PyDict, other: PyValue | null, kwargs: Map<string, PyValue> | null, frame: Frame): Promise<void>;

  /** A modelled (stdlib or library) module by dotted name, created once per evaluation. */
  modelledModule(name: string): PyModule | undefined;
  /** importlib.import_module(name). */
  importByName(name: string, ctx: CallContext): Promise<PyValue>;
  /** Runs another file's code in the frame's namespace (django-split-settings include()). */
  includeFile(file: string, frame: Frame): Promise<void>;
  /** Runs `hook` once the settings module has been imported, as a settings importer installed
   *  by a library does (django-configurations); once per key. Not run for manage.py or a URLconf. */
  afterSettingsImport(key: string, hook: (settings: ModuleState) => Promise<void>): void;
}

/** Builds a modelled module for one evaluation (the registry in modules.ts maps names to these). */
export type ModuleFactory = (rt: Runtime, name: string) => PyModule;

/** The None singleton. */
export const NONE: PyNone = { kind: 'none' };
/** True. */
export const TRUE: PyBool = { kind: 'bool', value: true };
/** False. */
export const FALSE: PyBool = { kind: 'bool', value: false };

/** Python bool from a JS boolean. */
export function pyBool(b: boolean): PyBool {
  return b ? TRUE : FALSE;
}
/** A Python int; integers outside JS's safe range become unknown rather than imprecise. */
export function pyInt(n: number): PyInt | PyUnknown {
  if (!Number.isSafeInteger(n)) return unknown('an integer too large to evaluate exactly');
  return { kind: 'int', value: n === 0 ? 0 : n };
}
/** A Python float. */
export function pyFloat(n: number): PyFloat {
  return { kind: 'float', value: n };
}
/** A Python str. */
export function strValue(s: string): PyStr {
  return { kind: 'str', value: s };
}
/** A new list. */
export function pyList(items: PyValue[]): PyList {
  return { kind: 'list', items };
}
/** A new tuple. */
export function pyTuple(items: PyValue[]): PyTuple {
  return { kind: 'tuple', items };
}
/** A new empty dict. */
export function pyDict(): PyDict {
  return { kind: 'dict', entries: new Map() };
}
/** A pathlib path object for an already normalised path string. */
export function pyPath(value: string, pure = false): PyPath {
  return { kind: 'path', value, pure };
}
/** An unknown value with the reason (words a user understands) and where it arose. */
export function unknown(reason: string, range?: SourceRange, opaque?: string): PyUnknown {
  const u: PyUnknown = { kind: 'unknown', reason };
  if (range) u.range = range;
  if (opaque) u.opaque = opaque;
  return u;
}
/** Narrowing helper. */
export function isUnknown(v: PyValue | PyValue[] | PyUnknown): v is PyUnknown {
  return !Array.isArray(v) && v.kind === 'unknown';
}

/** Builds a dict from string keys. */
export function dictFromEntries(entries: Iterable<[string, PyValue]>): PyDict {
  const d = pyDict();
  for (const [k, v] of entries) d.entries.set('s:' + k, { key: strValue(k), value: v });
  return d;
}

/** The Python type name, for messages ("str", "PosixPath", "environ.Env"). */
export function typeName(v: PyValue): string {
  switch (v.kind) {
    case 'none':
      return 'NoneType';
    case 'path':
      return v.pure ? 'PurePosixPath' : 'PosixPath';
    case 'set':
      return v.frozen ? 'frozenset' : 'set';
    case 'builtin':
      return v.typeName ? 'type' : 'builtin_function_or_method';
    case 'class':
      return 'type';
    case 'object':
      return v.type.name;
    default:
      return v.kind;
  }
}
