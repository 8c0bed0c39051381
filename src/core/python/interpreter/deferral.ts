/**
 * Whether a module a URLconf imports may be left unevaluated (EvaluationHost.deferModule). Importing
 * a module runs it and everything it imports, and what it calls at import may be defined in any of
 * them, so the module's own text is not enough: every project module it may import, transitively
 * (evaluated already or not), must pass the host's text test too. The imports are found by a scan of `import` / `from … import` lines that errs on
 * the side of finding too many (a docstring's import line is followed like a real one); what is not
 * read (a refusal, the cap) keeps the module evaluated.
 */
import { MAX_TEXT_FILE_BYTES } from '../../fileSystem';
import type { ModuleDeferral } from '../types';
import type { Evaluator } from './evaluator';
import { findModule, NEVER_LOCAL } from './moduleFiles';

/** Project modules one deferral decision reads at most; past it the module is evaluated. */
const MAX_CLOSURE_MODULES = 400;

/** Per evaluation: each file read for a decision, with whether its text passed and what it imports
 *  (null: not readable), and the files whose whole closure passed or not. */
interface Knowledge {
  files: Map<string, { passes: boolean; imports: string[]; packageName: string } | null>;
  closures: Map<string, boolean>;
}
/** Keyed by the analysis budget (one per analysis, shared by its URLconf passes: the files do not
 *  change during it), or by the evaluation when it has none. */
const knowledge = new WeakMap<object, Knowledge>();

/** The {@link ModuleDeferral} of `file` (a module of `packageName`) under the host's text test. */
export function deferralOf(ip: Evaluator, file: string, packageName: string, irrelevant: (source: string) => boolean): ModuleDeferral {
  return { known: knowledgeOf(ip).closures.get(file), test: (text) => deferrable(ip, file, text, packageName, irrelevant) };
}

function knowledgeOf(ip: Evaluator): Knowledge {
  const key = ip.host.budget ?? ip;
  let k = knowledge.get(key);
  if (!k) knowledge.set(key, (k = { files: new Map(), closures: new Map() }));
  return k;
}

/** True when the module (`file`, with `text`) and every project module it may import, transitively,
 *  are judged irrelevant by `irrelevant` (the host's deferModule). */
async function deferrable(ip: Evaluator, file: string, text: string, packageName: string, irrelevant: (source: string) => boolean): Promise<boolean> {
  const known = knowledgeOf(ip);
  const cached = known.closures.get(file);
  if (cached !== undefined) return cached;
  const dirs = ip.sysPath.items.flatMap((p) => (p.kind === 'str' && p.value.startsWith('/') ? [p.value] : []));
  const facts = (f: string, source: string | undefined, pkg: string) => {
    const v = source === undefined ? null : { passes: irrelevant(source), imports: importedModules(source, pkg), packageName: pkg };
    known.files.set(f, v);
    return v;
  };
  const seen = new Set<string>([file]);
  const queue = [known.files.get(file) ?? facts(file, text, packageName)];
  let verdict = true;
  scan: while (queue.length) {
    const next = queue.shift();
    if (!next || !next.passes) {
      verdict = false;
      break;
    }
    for (const dotted of next.imports) {
      if (NEVER_LOCAL.has(dotted.split('.')[0])) continue;
      // Every file looked at is one the answer depends on: its change analyses the URLconf again.
      const found = await findModule(dirs, dotted, (p) => ip.hostStat(p), (p) => ip.filesRead.add(p));
      if (!found?.file || seen.has(found.file)) continue;
      seen.add(found.file);
      if (known.closures.get(found.file) === true) continue;
      if (known.closures.get(found.file) === false || seen.size > MAX_CLOSURE_MODULES) {
        verdict = false;
        break scan;
      }
      const pkg = found.isPackage ? dotted : dotted.slice(0, Math.max(0, dotted.lastIndexOf('.')));
      queue.push(known.files.has(found.file) ? known.files.get(found.file) ?? null : facts(found.file, await readText(ip, found.file), pkg));
    }
  }
  if (verdict) for (const f of seen) known.closures.set(f, true);
  else known.closures.set(file, false);
  return verdict;
}

async function readText(ip: Evaluator, file: string): Promise<string | undefined> {
  if (await ip.refusal(file)) return undefined;
  try {
    const bytes = await ip.host.fs.readFile(file);
    if (bytes.length > MAX_TEXT_FILE_BYTES || bytes.includes(0)) return undefined;
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * The dotted modules (and their parent packages) the import statements of `text` may load, relative
 * ones resolved against `packageName`; `from m import n` also gives `m.n` (n may be a submodule).
 */
export function importedModules(text: string, packageName: string): string[] {
  const out = new Set<string>();
  const add = (dotted: string): void => {
    if (!NAME.test(dotted)) return;
    const parts = dotted.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  };
  const lines = text.split(/\r\n?|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.startsWith('import ')) {
      for (const part of statementText(lines, i, line.slice(7)).split(',')) add(part.trim().split(/\s+/)[0]);
    } else if (line.startsWith('from ')) {
      const m = /^from\s+(\.*)([\w.]*)\s+import\s+(.*)$/.exec(statementText(lines, i, line));
      if (!m) continue;
      let base = m[2];
      if (m[1].length > 0) {
        const pkg = packageName ? packageName.split('.') : [];
        if (m[1].length - 1 > pkg.length) continue;
        base = [...pkg.slice(0, pkg.length - (m[1].length - 1)), ...(base ? [base] : [])].join('.');
      }
      if (!base) continue;
      add(base);
      for (const part of m[3].replace(/[()]/g, ' ').split(',')) {
        const name = part.trim().split(/\s+/)[0];
        if (name && name !== '*') add(`${base}.${name}`);
      }
    }
  }
  return [...out];
}

/** The statement starting on line `i` (its text from `first`), joined over backslash continuations
 *  and an open parenthesis, without comments. */
function statementText(lines: string[], i: number, first: string): string {
  let text = first.replace(/#.*$/, '');
  let j = i;
  const open = (): boolean => text.includes('(') && !text.includes(')');
  while ((text.endsWith('\\') || open()) && j + 1 < lines.length && j - i < 200) {
    j++;
    text = text.replace(/\\$/, '') + ' ' + lines[j].replace(/#.*$/, '').trim();
  }
  return text;
}
