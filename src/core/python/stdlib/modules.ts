/**
 * The standard-library modules the evaluator models, as a table from dotted name to factory
 * (modules.ts merges it with the library models), and the names whose import never fails.
 */
import { bindArgs, firstUnknown, needStr } from '../builtins/args';
import { NONE, strValue, unknown, type ModuleFactory, type PyValue } from '../values';
import { configparserModule } from './configparser';
import { jsonModule } from './json';
import { osModule, osPathModule } from './os';
import { pathlibModule } from './pathlib';
import { fn, mod, moduleTable, unknownFn } from './shared';
import { functoolsModule, identity, literalEval, strtobool, SUPPRESS_TYPE } from './small';
import { enumModule } from './enum';
import { NAMEDTUPLE_FACTORY } from './namedtuple';
import { reModule } from './re';
import { sysModule } from './sys';
import { tomllibModule } from './tomllib';
import { urllibParseModule } from './urllib';
import { typingModule } from './typing';

/** Top-level standard-library names: importing them never fails. */
export const STDLIB = new Set(
  (
    '__future__ abc argparse array ast asyncio base64 binascii bisect builtins calendar codecs collections colorsys concurrent configparser contextlib contextvars copy csv ctypes ' +
    'dataclasses datetime decimal difflib dis distutils email encodings enum errno faulthandler fcntl filecmp fnmatch fractions ftplib functools gc getopt getpass gettext glob ' +
    'graphlib gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox marshal math mimetypes ' +
    'multiprocessing netrc numbers operator optparse os pathlib pickle pkgutil platform plistlib posixpath pprint profile queue quopri random re reprlib resource sched secrets ' +
    'select selectors shelve shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat statistics string stringprep struct subprocess sys sysconfig tarfile tempfile ' +
    'textwrap threading time timeit token tokenize tomllib traceback types typing unicodedata unittest urllib uuid warnings weakref xml xmlrpc zipfile zipimport zlib zoneinfo'
  ).split(' '),
);

const STDLIB_MODULES_LIST: [string[], ModuleFactory][] = [
  [['os'], (rt) => osModule(rt)],
  [['os.path', 'posixpath'], (_rt, name) => osPathModule(name)],
  [['pathlib'], () => pathlibModule()],
  [['sys'], (rt) => sysModule(rt)],
  [['json'], () => jsonModule()],
  [['configparser'], () => configparserModule()],
  [['tempfile'], () => mod('tempfile', {
    mkdtemp: unknownFn('mkdtemp', 'tempfile.mkdtemp() creates a new random folder at runtime'),
    mkstemp: unknownFn('mkstemp', 'tempfile.mkstemp() creates a new random file at runtime'),
    gettempdir: unknownFn('gettempdir', 'the temporary folder depends on the machine (TMPDIR)'),
    NamedTemporaryFile: unknownFn('NamedTemporaryFile', 'temporary files are created at runtime'),
    TemporaryDirectory: unknownFn('TemporaryDirectory', 'temporary folders are created at runtime'),
    gettempprefix: fn('gettempprefix', () => strValue('tmp')),
  })],
  [['socket'], () => mod('socket', {
    gethostname: unknownFn('gethostname', 'socket.gethostname() depends on the machine Django runs on'),
    gethostbyname: unknownFn('gethostbyname', 'socket.gethostbyname() resolves names at runtime'),
    gethostbyname_ex: unknownFn('gethostbyname_ex', 'socket.gethostbyname_ex() resolves names at runtime'),
    getfqdn: unknownFn('getfqdn', 'socket.getfqdn() depends on the machine Django runs on'),
  })],
  [['platform'], () => mod('platform', {}, (n) => unknownFn(n, `platform.${n}() depends on the machine Django runs on`))],
  [['getpass'], () => mod('getpass', { getuser: unknownFn('getuser', 'getpass.getuser() depends on the machine Django runs on') })],
  [['distutils'], () => mod('distutils', {})],
  [['distutils.util'], () => mod('distutils.util', { strtobool: fn('strtobool', (ctx, args) => strtobool(ctx, args[0])) })],
  [['ast'], () => mod('ast', {
    literal_eval: fn('literal_eval', (ctx, args) => {
      const [s] = args;
      if (!s || s.kind === 'unknown') return s ?? NONE;
      if (s.kind !== 'str') return unknown('ast.literal_eval of a node is not evaluated', ctx.range);
      return literalEval(ctx, s.value);
    }),
  })],
  [['importlib'], () => mod('importlib', {
    import_module: fn('import_module', async (ctx, args, kwargs) => {
      const [n, pkg] = bindArgs(ctx, 'import_module', args, kwargs, ['name', 'package'], 1) as [PyValue, PyValue | undefined];
      const u = firstUnknown(n, pkg);
      if (u) return unknown(`importlib.import_module() of a module name that is unknown: ${u.reason}`, ctx.range);
      let name = needStr(ctx, n, 'name');
      if (name.startsWith('.')) {
        if (!pkg || pkg.kind !== 'str') return ctx.rt.raise('TypeError', "the 'package' argument is required to perform a relative import");
        const level = name.length - name.replace(/^\.+/, '').length;
        const base = pkg.value.split('.');
        name = [...base.slice(0, base.length - (level - 1)), name.slice(level)].filter(Boolean).join('.');
      }
      return ctx.rt.importByName(name, ctx);
    }),
    reload: fn('reload', (_c, args) => args[0] ?? NONE),
  })],
  [['importlib.util'], () => mod('importlib.util', {
    find_spec: unknownFn('find_spec', 'whether a package is installed is not known statically'),
  })],
  [['contextlib'], () => mod('contextlib', {
    suppress: fn('suppress', (ctx, args) => {
      const classes = args.filter((a) => a.kind === 'class');
      if (classes.length !== args.length) return unknown('suppress() of exceptions that are not known', ctx.range);
      return { kind: 'object', type: SUPPRESS_TYPE, data: classes };
    }),
    contextmanager: identity(),
  })],
  [['functools'], () => functoolsModule()],
  [['string'], () => mod('string', {
    ascii_letters: strValue('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    ascii_lowercase: strValue('abcdefghijklmnopqrstuvwxyz'),
    ascii_uppercase: strValue('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    digits: strValue('0123456789'),
    hexdigits: strValue('0123456789abcdefABCDEF'),
    octdigits: strValue('01234567'),
    punctuation: strValue('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'),
    whitespace: strValue(' \t\n\r\x0b\x0c'),
  })],
  [['typing'], (_rt, name) => typingModule(name)],
  [['enum'], () => enumModule()],
  [['re'], () => reModule()],
  [['urllib'], (rt) => mod('urllib', {}, (n) => (n === 'parse' ? rt.modelledModule('urllib.parse') : undefined))],
  [['urllib.parse'], () => urllibParseModule()],
  [['tomllib'], (_rt, name) => tomllibModule(name)],
  [['collections'], () => mod('collections', { namedtuple: NAMEDTUPLE_FACTORY }, (n) => unknown(`collections.${n} is not evaluated`, undefined, `collections.${n}`))],
  [['secrets', 'random', 'uuid'], (_rt, name) => mod(name, {}, (n) => unknownFn(n, `${name}.${n}() is random at runtime`))],
];

/** The modelled standard-library modules by dotted name. */
export const STDLIB_MODULES = moduleTable(STDLIB_MODULES_LIST);
