/**
 * A grammar of hostile settings programs built from the constructs the evaluator supports: big
 * multipliers, nested and shared containers, string methods with huge arguments, %- and
 * f-string formats with huge widths, comprehensions, loops, recursion, imports of the module
 * itself and cycles through another, and reads of paths outside the project. Seeded: the same
 * seed gives the same programs.
 */
import { seededRandom } from '../../helpers/seededRandom';

type Rng = () => number;

const NAMES = ['X', 'Y', 'Z', 'L', 'D', 'S'];
const HUGE = ['10', '1000', '100_000', '10_000_000', '2**31', '10**9', '999999999', '-1', '0'];
const HOSTILE_PATHS = ['"/etc/passwd"', '"/proc/self/pagemap"', '"/dev/zero"', '"../../../etc/passwd"', '"/p/out/passwd"', '"/p/loop/x"', '"."', '"/"', 'X', 'S'];

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function name(r: Rng): string {
  return pick(r, NAMES);
}

function num(r: Rng): string {
  return r() < 0.5 ? pick(r, HUGE) : String(Math.floor(r() * 50));
}

function str(r: Rng): string {
  return pick(r, ['"a"', '"ab "', '""', '"%s"', '"{}"', '"a,b"', `"${'x'.repeat(40)}"`, '"\\n"', '"%0999999999d"', '"{:>999999999}"', '"{0}{0}{0}"']);
}

/** An expression of at most `depth` levels. */
function expr(r: Rng, depth: number): string {
  if (depth <= 0) return pick(r, [name(r), num(r), str(r), name(r)]);
  const e = (): string => expr(r, depth - 1);
  switch (Math.floor(r() * 34)) {
    case 0: return `${e()} * ${num(r)}`;
    case 1: return `[${e()}] * ${num(r)}`;
    case 2: return `[[${e()}] * ${num(r)}] * ${num(r)}`;
    case 3: return `${e()} + ${e()}`;
    case 4: return `${e()}.replace(${str(r)}, ${e()})`;
    case 5: return `${e()}.replace("", ${e()})`;
    case 6: return `${e()}.split(${r() < 0.5 ? '' : str(r)})`;
    case 7: return `list(${e()})`;
    case 8: return `${str(r)}.join(${e()})`;
    case 9: return `${e()}.upper()`;
    case 10: return `${e()}.ljust(${num(r)})`;
    case 11: return `${e()}.zfill(${num(r)})`;
    case 12: return `${str(r)}.format(${e()})`;
    case 13: return `"%0${pick(r, ['9', '99999', '999999999'])}d" % ${num(r)}`;
    case 14: return `f"{${e()}:>{${num(r)}}}"`;
    case 15: return `f"{${e()}}{${e()}}"`;
    case 16: return `int(${e()})`;
    case 17: return `int("9" * ${num(r)})`;
    case 18: return `str(${e()})`;
    case 19: return `repr(${e()})`;
    case 20: return `len(${e()})`;
    case 21: return `[${e()} for _i in range(${num(r)})]`;
    case 22: return `{str(_k): ${e()} for _k in range(${num(r)})}`;
    case 23: return `[[_a, _b] for _a in range(${num(r)}) for _b in range(${num(r)})]`;
    case 24: return `os.path.join(*([${e()}] * ${num(r)}))`;
    case 25: return `sorted(${e()})`;
    case 26: return `(${e()}, ${e()}) == (${e()}, ${e()})`;
    case 27: return `{(${e()},): 1}`;
    case 28: return `open(${pick(r, HOSTILE_PATHS)}).read()`;
    case 29: return `Path(${pick(r, HOSTILE_PATHS)}).read_text()`;
    case 30: return `os.path.exists(${pick(r, HOSTILE_PATHS)})`;
    case 31: return `f(${num(r)})`;
    case 32: return `${e()} if os.environ.get("UNSET") else ${e()}`;
    default: return `${e()}[${num(r)}:${num(r)}]`;
  }
}

/** A statement (with nested blocks) at indentation `indent`. */
function stmt(r: Rng, depth: number, indent: string): string {
  const e = (): string => expr(r, 1 + Math.floor(r() * 3));
  const block = (): string => Array.from({ length: 1 + Math.floor(r() * 2) }, () => stmt(r, depth - 1, indent + '    ')).join('');
  const k = depth <= 0 ? Math.floor(r() * 6) : Math.floor(r() * 16);
  switch (k) {
    case 0: case 1: case 2: return `${indent}${name(r)} = ${e()}\n`;
    case 3: return `${indent}${name(r)} += ${e()}\n`;
    case 4: return `${indent}${pick(r, ['L', 'X'])} *= ${num(r)}\n`;
    case 5: return `${indent}L.extend(L)\n`;
    case 6: return `${indent}for _i in range(${num(r)}):\n${block()}`;
    case 7: return `${indent}while ${name(r)}:\n${block()}${indent}    break\n`;
    case 8: return `${indent}if ${e()}:\n${block()}${indent}else:\n${block()}`;
    case 9: return `${indent}try:\n${block()}${indent}except Exception:\n${indent}    ${name(r)} = "default"\n`;
    case 10: return `${indent}for _j in range(${num(r)}):\n${indent}    X = X.replace("a", "aa")\n`;
    case 11: return `${indent}${pick(r, ['from proj.settings import *', 'import proj.settings', 'from proj.other import *', 'import proj.other as other'])}\n`;
    case 12: return `${indent}${pick(r, ['load_dotenv', 'environ.Env.read_env'])}(${pick(r, HOSTILE_PATHS)})\n`;
    case 13: return `${indent}sys.path.insert(0, ${pick(r, HOSTILE_PATHS)})\n`;
    case 14: return `${indent}${name(r)} = [${name(r)}, ${name(r)}]\n`;
    default: return `${indent}S = S + S\n`;
  }
}

const PRELUDE = `import os, sys, environ
from pathlib import Path
from dotenv import load_dotenv
X = "a" * 1000
Y = [1, 2, 3]
Z = {"k": "v"}
L = [X]
D = {}
S = "ab"
def f(n):
    return f(n - 1) + f(n - 1) if n > 0 else "x"
def g(n):
    return g(n + 1)
`;

/** `count` programs from `seed`, each of about `statements` top-level statements. */
export function hostilePrograms(seed: number, count: number, statements = 6): string[] {
  const r = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let body = '';
    for (let s = 0; s < statements; s++) body += stmt(r, 2, '');
    out.push(PRELUDE + body + 'MEDIA_URL = str(X)[:20]\n');
  }
  return out;
}

/** The other module of the project: imports the settings back (an import cycle). */
export const OTHER_MODULE = 'from proj.settings import *\nOTHER = [1] * 1000\n';
