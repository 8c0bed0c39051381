/**
 * typing as annotations use it at runtime: special forms that can be subscripted (`Optional[str]`,
 * `dict[str, Any]`) and combined with `|` (`int | None`) without raising, cast(), TYPE_CHECKING,
 * and the decorators that return what they decorate. Type objects carry no setting value: they
 * are never converted to JSON.
 */
import { builtin } from '../builtins/args';
import { BUILTINS } from '../builtins/functions';
import { FALSE, NONE, unknown, type ObjectType, type PyObject, type PyValue } from '../values';
import { NAMED_TUPLE_BASE } from './namedtuple';
import { fn, mod } from './shared';
import { identity } from './small';

/** A typing special form or a parameterised type (list[int], Optional[str], int | None). */
export const TYPE_FORM: ObjectType = {
  name: 'typing._SpecialForm',
  getitem: (self) => typeForm(`${formName(self)}[…]`),
  binop(self, op, _other, reflected) {
    if (op !== '|') return undefined;
    return typeForm(reflected ? `… | ${formName(self)}` : `${formName(self)} | …`);
  },
  call: (self, ctx) => unknown(`calling ${formName(self)} is not evaluated`, ctx.range),
  getattr: (self, name) => unknown(`${formName(self)}.${name} is not evaluated`),
  equals: (self, other) => self === other,
  toJson: (self) => ({ known: false, value: null, reason: `the type ${formName(self)}` }),
};

function formName(v: PyObject): string {
  return v.data as string;
}

/** A type form value named for messages. */
export function typeForm(name: string): PyObject {
  return { kind: 'object', type: TYPE_FORM, data: name };
}

/** True for values Python accepts on either side of `|` between types (PEP 604): builtin and
 *  project classes, typing forms; None only beside one of those. */
export function isTypeOperand(v: PyValue): boolean {
  return (v.kind === 'builtin' && !!v.typeName) || v.kind === 'class' || (v.kind === 'object' && v.type === TYPE_FORM);
}

const FORMS = (
  'Any Optional Union List Dict Set FrozenSet Tuple Type Callable Iterable Iterator Sequence Mapping MutableMapping ' +
  'MutableSequence MutableSet Literal Final ClassVar Annotated Generic Protocol Collection Container Awaitable Coroutine ' +
  'AsyncIterator AsyncIterable AsyncGenerator Generator Hashable Sized Reversible NoReturn Never Self LiteralString TypeAlias ' +
  'ParamSpec Concatenate TypeGuard Required NotRequired Unpack DefaultDict OrderedDict Counter ChainMap Deque Pattern Match IO ' +
  'TextIO BinaryIO AnyStr SupportsInt SupportsFloat SupportsIndex SupportsAbs SupportsBytes SupportsRound KeysView ValuesView ItemsView'
).split(' ');

/** The typing module. */
export function typingModule(name: string): ReturnType<typeof mod> {
  const attrs: Record<string, PyValue> = { TYPE_CHECKING: FALSE };
  for (const f of FORMS) attrs[f] = typeForm(`${name}.${f}`);
  attrs.Text = BUILTINS.get('str') ?? NONE;
  attrs.NamedTuple = NAMED_TUPLE_BASE;
  attrs.cast = fn('cast', (_c, args) => args[1] ?? NONE);
  for (const d of ['overload', 'final', 'runtime_checkable', 'no_type_check', 'override']) attrs[d] = identity();
  attrs.TypeVar = fn('TypeVar', (_c, args) => typeForm(args[0]?.kind === 'str' ? args[0].value : 'TypeVar'));
  // NewType(name, tp) is a callable returning its argument.
  attrs.NewType = fn('NewType', () => builtin('NewType', (_c, args) => args[0] ?? NONE));
  return mod(name, attrs, (n) => unknown(`${name}.${n} is not evaluated`, undefined, `${name}.${n}`));
}
