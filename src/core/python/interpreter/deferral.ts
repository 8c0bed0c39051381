/**
 * Whether a module a URLconf imports may be left unevaluated (EvaluationHost.deferModule). Importing
 * a module runs it and everything it imports, and what it calls at import may be defined in any of
 * them, so the module's own text is not enough: every project module it may import, transitively
 * (evaluated already or not), must pass the host's text test too. The imports are found by a scan
 * of `import` / `from … import` lines that errs on the side of finding too many (a docstring's import
 * line is followed like a real one); what is not read (a refusal, the cap) keeps the module evaluated.
 */
import { MAX_TEXT_FILE_BYTES } from '../../fileSystem';
import type { ModuleDeferral } from '../types';
import type { ParseCache } from '../parseCache';
import type { Evaluator } from './evaluator';
import { DOTTED_NAME, findModule, moduleFileCandidates, NEVER_LOCAL } from './moduleFiles';

/** Project modules one deferral decision reads at most; past it the module is evaluated. */
const MAX_CLOSURE_MODULES = 400;

/** One file read for a decision: whether its text passed, and the project modules it may import
 *  (resolved once, with the sys.path probes recorded in the evaluation that resolved them). */
interface FileFacts {
  passes: boolean;
  imports: ReturnType<typeof importedModules>;
  packageName: string;
  targets?: Promise<Array<{ file: string; packageName: string }>>;
}

/** Per analysis: the facts of each file read (null: not readable), and the files whose whole
 *  closure passed or not. */
interface Knowledge {
  files: Map<string, Promise<FileFacts | null>>;
  closures: Map<string, boolean>;
  /** Where each dotted module is (most are imported by many files). */
  modules: Map<string, ReturnType<typeof findModule>>;
  /** For a file whose closure passed: the project files that closure holds (for a file found inside
   *  another's closure, that whole closure: a superset of its own). */
  closureFiles: Map<string, ReadonlySet<string>>;
}
/** Keyed by the analysis budget (one per analysis, shared by its URLconf passes: the files do not
 *  change during it), or by the evaluation when it has none. */
const knowledge = new WeakMap<object, Knowledge>();

/** The {@link ModuleDeferral} of `file` (a module of `packageName`) under the host's text test. */
export function deferralOf(ip: Evaluator, file: string, packageName: string, irrelevant: (source: string) => boolean): ModuleDeferral {
  return { known: knowledgeOf(ip).closures.get(file), test: () => deferrable(ip, file, packageName, irrelevant) };
}

/** The project files the closure of the deferred module `file` holds (itself included). */
export function deferralClosure(budget: object, file: string): ReadonlySet<string> {
  return knowledge.get(budget)?.closureFiles.get(file) ?? new Set([file]);
}

/** The files whose text deferral decisions of the analysis with `budget` read. */
export function deferralFilesRead(budget: object): string[] {
  return [...(knowledge.get(budget)?.files.keys() ?? [])];
}

/**
 * Whether `text`, the new content of `file`, gives the same deferral facts as the text `test`
 * last judged (passes the test, imports the same modules): then every decision that read the file
 * decides the same. The remembered facts are moved to the file's new size and time.
 */
export function deferralFactsUnchanged(cache: ParseCache, test: (source: string) => boolean, file: string, text: string, stat: { size: number; mtime: number }): boolean {
  const store = cache.textFacts.get(test);
  const old = store?.get(file);
  if (!store || !old) return false;
  const facts = old.facts as FileFacts;
  const now = { passes: test(text), imports: importedModules(text, facts.packageName) };
  if (now.passes !== facts.passes || JSON.stringify(now.imports) !== JSON.stringify(facts.imports)) return false;
  store.set(file, { size: stat.size, mtime: stat.mtime, facts: old.facts });
  return true;
}

function knowledgeOf(ip: Evaluator): Knowledge {
  const key = ip.host.budget ?? ip;
  let k = knowledge.get(key);
  if (!k) knowledge.set(key, (k = { files: new Map(), closures: new Map(), modules: new Map(), closureFiles: new Map() }));
  return k;
}

/**
 * True when the module (`file`, with `text`) and every project module it may import, transitively,
 * are judged irrelevant by `irrelevant` (the host's deferModule). A closure that passed is
 * remembered for every module in it.
 */
async function deferrable(ip: Evaluator, file: string, packageName: string, irrelevant: (source: string) => boolean): Promise<boolean> {
  const known = knowledgeOf(ip);
  const cached = known.closures.get(file);
  if (cached !== undefined) return cached;
  const dirs = ip.sysPath.items.flatMap((p) => (p.kind === 'str' && p.value.startsWith('/') ? [p.value] : []));
  // What a file's text gives, remembered across analyses by size and time (a re-analysis after a
  // save reads none of the files it already judged).
  let store = ip.host.cache?.textFacts.get(irrelevant);
  if (ip.host.cache && !store) ip.host.cache.textFacts.set(irrelevant, (store = new Map()));
  const factsOf = async (f: string, pkg: string): Promise<FileFacts | null> => {
    const st = await ip.hostStat(f);
    if (!st || st.type !== 'file') return null;
    const hit = store?.get(f);
    // (Relative imports were resolved against the package: a file is another module in a nested project.)
    if (hit && hit.size === st.size && hit.mtime === st.mtime && (hit.facts as FileFacts).packageName === pkg) return { ...(hit.facts as FileFacts), targets: undefined };
    const source = await readText(ip, f);
    if (source === undefined) return null;
    const facts: FileFacts = { passes: irrelevant(source), imports: importedModules(source, pkg), packageName: pkg };
    store?.set(f, { size: st.size, mtime: st.mtime, facts: { passes: facts.passes, imports: facts.imports, packageName: pkg } });
    return facts;
  };
  const resolve = async (dotted: string[]) => {
    // Every file looked at is one the answer depends on: its change analyses the URLconf again.
    const found = await Promise.all(
      dotted.map((d) => {
        let f = known.modules.get(d);
        if (!f) known.modules.set(d, (f = findModule(dirs, d, (p) => ip.hostStat(p), (p) => ip.filesRead.add(p))));
        return f;
      }),
    );
    return dotted.map((d, i) => ({ dotted: d, found: found[i] }));
  };
  const targetsOf = (facts: FileFacts) =>
    (facts.targets ??= (async () => {
      const local = (d: string) => !NEVER_LOCAL.has(d.split('.')[0]);
      const modules = await resolve(facts.imports.modules.filter(local));
      // `from m import n`: m.n is looked for only when m is a package (a module's names are not files).
      const packages = new Set(modules.filter((m) => m.found?.isPackage).map((m) => m.dotted));
      const listed = new Set(facts.imports.modules);
      const subs = [...new Set(facts.imports.names.filter(([b]) => packages.has(b)).map(([b, n]) => `${b}.${n}`))].filter((d) => !listed.has(d));
      const out: Array<{ file: string; packageName: string }> = [];
      for (const { dotted, found } of [...modules, ...(await resolve(subs))]) {
        if (found?.file) out.push({ file: found.file, packageName: found.isPackage ? dotted : dotted.slice(0, Math.max(0, dotted.lastIndexOf('.'))) });
      }
      return out;
    })());
  if (!known.files.has(file)) known.files.set(file, factsOf(file, packageName));
  const seen = new Set<string>([file]);
  let verdict = true;
  // Each file's imports are resolved and read as soon as the file is: the closure is explored all at
  // once (in the editor every step is a round trip), and nothing new starts once one file fails.
  const visit = async (facts: FileFacts | null): Promise<void> => {
    if (!verdict) return;
    if (!facts || !facts.passes) {
      verdict = false;
      return;
    }
    const next: Array<Promise<void>> = [];
    for (const t of await targetsOf(facts)) {
      if (!verdict || seen.has(t.file)) continue;
      seen.add(t.file);
      const closure = known.closures.get(t.file);
      if (closure === true) continue;
      if (closure === false || seen.size > MAX_CLOSURE_MODULES) {
        verdict = false;
        return;
      }
      let read = known.files.get(t.file);
      if (!read) known.files.set(t.file, (read = factsOf(t.file, t.packageName)));
      next.push(read.then(visit));
    }
    await Promise.all(next);
  };
  await visit(await known.files.get(file)!);
  if (verdict) {
    for (const f of seen) {
      known.closures.set(f, true);
      if (!known.closureFiles.has(f)) known.closureFiles.set(f, seen);
    }
  } else known.closures.set(file, false);
  return verdict;
}

/** The text of `file` (its stat is already known: readTextFile's own stat cost a tenth of the
 *  large project's run through the confinement). */
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

/**
 * What the import statements of `text` may load: the dotted `modules` (with their parent packages),
 * relative ones resolved against `packageName`, and for `from m import n` the `names` (m, n), where
 * m.n is a submodule when m is a package.
 */
export function importedModules(text: string, packageName: string): { modules: string[]; names: Array<[string, string]> } {
  const modules = new Set<string>();
  const names: Array<[string, string]> = [];
  const add = (dotted: string): void => {
    if (!DOTTED_NAME.test(dotted)) return;
    const parts = dotted.split('.');
    for (let i = 1; i <= parts.length; i++) modules.add(parts.slice(0, i).join('.'));
  };
  const lines = text.split(/\r\n?|\n/);
  // Characters continuation lines may add in all (a hostile file of open brackets stays linear).
  let joinBudget = 2_000_000;
  for (let i = 0; i < lines.length; i++) {
    // A statement may follow `;` or a one-line `try:` / `if …:` (`try: import x`): every segment
    // that starts like an import is read as one (a segment that only looks like one adds a
    // module that is looked for and not found).
    if (!lines[i].includes('import')) continue;
    // A logical line is joined only from a line that imports, and every line is still read on its
    // own (an unbalanced bracket in a string joins lines it should not: their imports are not lost).
    const { text: whole, length } = statementText(lines, i, joinBudget);
    joinBudget -= length;
    for (const segment of whole.split(/;|:(?=\s*(?:import|from)\s)/)) {
      const line = segment.trim();
      if (/^import\s/.test(line)) {
        for (const part of line.slice(6).split(',')) add(part.trim().split(/\s+/)[0]);
      } else if (/^from\s/.test(line)) {
        const m = /^from\s+(\.*)\s*([\w.]*)\s+import\s+(.*)$/.exec(line);
        if (!m) continue;
        let base = m[2];
        if (m[1].length > 0) {
          const pkg = packageName ? packageName.split('.') : [];
          if (m[1].length - 1 > pkg.length) continue;
          base = [...pkg.slice(0, pkg.length - (m[1].length - 1)), ...(base ? [base] : [])].join('.');
        }
        if (!base || !DOTTED_NAME.test(base)) continue;
        add(base);
        for (const part of m[3].replace(/[()]/g, ' ').split(',')) {
          const name = part.trim().split(/\s+/)[0];
          if (name && name !== '*' && DOTTED_NAME.test(name)) names.push([base, name]);
        }
      }
    }
  }
  return { modules: [...modules], names };
}

/** Characters one logical line may join at most. */
const MAX_STATEMENT_CHARS = 20_000;

/**
 * The logical line starting on line `i`, joined over backslash continuations and open brackets
 * (counted line by line), without comments, within `budget` characters of joined lines; `length`
 * is what it joined. Strings are not tokenised: a bracket in a string can join a few lines too
 * many, which only finds more imports.
 */
function statementText(lines: string[], i: number, budget: number): { text: string; length: number } {
  const parts: string[] = [];
  let depth = 0;
  let length = 0;
  for (let j = i; ; j++) {
    let line = lines[j].replace(/#.*$/, '');
    for (let k = 0; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
    }
    const continued = /\\\s*$/.test(line);
    if (continued) line = line.replace(/\\\s*$/, '');
    parts.push(line);
    if (j > i) length += line.length;
    if ((!continued && depth === 0) || j + 1 >= lines.length || j - i >= 200 || length > Math.min(MAX_STATEMENT_CHARS, budget)) break;
  }
  return { text: parts.join(' '), length };
}

/**
 * The files the imports of a module's text may load, and the URLconfs its include('…') strings name
 * (pkg/__init__.py and pkg.py under each sys.path folder): a hint for reading ahead, found without
 * parsing. A name imported from a module counts only when it is lower case (a module name).
 */
export function textImportCandidates(text: string, packageName: string, sysPath: readonly string[]): string[] {
  const { modules, names } = importedModules(text, packageName);
  const dotted = new Set(modules);
  for (const [base, name] of names) if (name === name.toLowerCase()) dotted.add(`${base}.${name}`);
  for (const m of text.matchAll(/\binclude\(\s*['"]([A-Za-z_][\w.]*)['"]/g)) {
    const parts = m[1].split('.');
    for (let i = 1; i <= parts.length; i++) dotted.add(parts.slice(0, i).join('.'));
  }
  return moduleFileCandidates(dotted, sysPath);
}
