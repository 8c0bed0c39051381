import type { SyntaxNode } from '@lezer/common';
import { join } from 'pathe';
import type { CheckContext } from '../checks/context';
import { nodeText, parsePySource, topLevelStatements, type PySource } from '../checks/pySource';

/** A Python module of the project, parsed, with its top-level names. */
export interface ProjectModule {
  /** Dotted name relative to the source root it was found under ("shop.models"). */
  name: string;
  file: string;
  /** An `__init__.py`: relative imports start from the module itself. */
  isPackage: boolean;
  src: PySource;
  bindings: Map<string, RawBinding>;
  /** Modules of `from X import *`, absolute, in order. */
  stars: string[];
}

/** What a top-level name of a module is bound to, before imports are followed. */
type RawBinding =
  | { kind: 'class'; node: SyntaxNode }
  | { kind: 'function'; node: SyntaxNode }
  | { kind: 'value'; node: SyntaxNode }
  | { kind: 'ambiguous' }
  | { kind: 'from'; module: string; name: string }
  | { kind: 'import'; module: string };

/** What a name resolves to, after imports are followed. */
export type Binding =
  | { kind: 'class'; module: ProjectModule; node: SyntaxNode; name: string }
  | { kind: 'function'; module: ProjectModule; node: SyntaxNode; name: string }
  | { kind: 'value'; module: ProjectModule; node: SyntaxNode; name: string }
  | { kind: 'module'; module: ProjectModule }
  /** A name from outside the project ("django.db.models.ImageField"). */
  | { kind: 'external'; dotted: string }
  | { kind: 'unknown'; reason: string };

/** Bounds of the resolution: modules parsed, and hops through imports and attributes of one name. */
const MAX_MODULES = 2000;
const MAX_HOPS = 32;

/**
 * The project's Python modules as an import system sees them, statically: dotted names resolved
 * to files under the project's source roots (the project root, plus folders Django apps are found
 * in), `from`/`import` statements followed, star imports searched. Names from modules outside the
 * project resolve to their dotted text; nothing outside the project is read.
 */
export class ProjectModules {
  private readonly modules = new Map<string, Promise<ProjectModule | undefined>>();
  private readonly byFile = new Map<string, ProjectModule>();
  private parsed = 0;
  /** Set when MAX_MODULES stopped the reading of a module. */
  truncated = false;

  constructor(
    private readonly ctx: CheckContext,
    /** Folders a dotted module name is looked up under, in order. */
    readonly roots: string[],
    /** Names a module outside the project is known to export ("django.db.models.Model"), so that
     *  `from django.db.models import *` still resolves them. */
    private readonly knownExternal: (dotted: string) => boolean = () => false,
  ) {}

  /** The module of a dotted name, when a file of the project holds it. */
  module(name: string): Promise<ProjectModule | undefined> {
    let p = this.modules.get(name);
    if (!p) {
      p = this.load(name);
      this.modules.set(name, p);
    }
    return p;
  }

  /** The module a file holds, named relative to the first source root containing it. */
  async moduleOfFile(file: string): Promise<ProjectModule | undefined> {
    const known = this.byFile.get(file);
    if (known) return known;
    for (const root of this.roots) {
      if (!file.startsWith(`${root}/`) || !file.endsWith('.py')) continue;
      const parts = file.slice(root.length + 1, -3).split('/');
      if (parts[parts.length - 1] === '__init__') parts.pop();
      if (parts.length === 0 || !parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) continue;
      const m = await this.module(parts.join('.'));
      if (m && m.file === file) return m;
    }
    return undefined;
  }

  private async load(name: string): Promise<ProjectModule | undefined> {
    if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(name)) return undefined;
    const rel = name.split('.').join('/');
    for (const root of this.roots) {
      for (const [file, isPackage] of [[join(root, rel, '__init__.py'), true], [join(root, `${rel}.py`), false]] as const) {
        const st = await this.ctx.fs.stat(file);
        if (!st || st.type !== 'file') continue;
        if (this.parsed >= MAX_MODULES) {
          this.truncated = true;
          return undefined;
        }
        this.parsed++;
        const src = await this.ctx.python(file);
        if (!src) return undefined;
        const module: ProjectModule = { name, file, isPackage, src, bindings: new Map(), stars: [] };
        scanBindings(module);
        this.byFile.set(file, module);
        return module;
      }
      // A folder without __init__.py is a namespace package: importable, with nothing defined in it.
      const dir = await this.ctx.fs.stat(join(root, rel));
      if (dir?.type === 'directory') {
        const file = join(root, rel, '__init__.py');
        const module: ProjectModule = { name, file, isPackage: true, src: parsePySource(file, ''), bindings: new Map(), stars: [] };
        return module;
      }
    }
    return undefined;
  }

  /** The project modules `module` imports from (`from X import …`, `from X import *`, `import X`), in order. */
  async importedModules(module: ProjectModule): Promise<ProjectModule[]> {
    const names = new Set<string>(module.stars);
    for (const b of module.bindings.values()) {
      if (b.kind === 'from') names.add(b.module).add(`${b.module}.${b.name}`);
      else if (b.kind === 'import') names.add(b.module);
    }
    const out: ProjectModule[] = [];
    for (const name of names) {
      const m = await this.module(name);
      if (m && m !== module && !out.includes(m)) out.push(m);
    }
    return out;
  }

  /** What `name` means at the top level of `module`. */
  async lookup(module: ProjectModule, name: string, hops = 0): Promise<Binding> {
    if (hops > MAX_HOPS) return { kind: 'unknown', reason: `too many imports followed for "${name}"` };
    const raw = module.bindings.get(name);
    if (raw) {
      switch (raw.kind) {
        case 'class':
        case 'function':
        case 'value':
          return { kind: raw.kind, module, node: raw.node, name };
        case 'ambiguous':
          return { kind: 'unknown', reason: `"${name}" is assigned more than once in ${module.name}` };
        case 'import': {
          const m = await this.module(raw.module);
          return m ? { kind: 'module', module: m } : { kind: 'external', dotted: raw.module };
        }
        case 'from': {
          const m = await this.module(raw.module);
          if (!m) {
            const sub = await this.module(`${raw.module}.${raw.name}`);
            return sub ? { kind: 'module', module: sub } : { kind: 'external', dotted: `${raw.module}.${raw.name}` };
          }
          return this.lookup(m, raw.name, hops + 1);
        }
      }
    }
    if (module.isPackage) {
      const sub = await this.module(`${module.name}.${name}`);
      if (sub) return { kind: 'module', module: sub };
    }
    let outside: string | undefined;
    for (const star of module.stars) {
      const m = await this.module(star);
      if (!m) {
        if (this.knownExternal(`${star}.${name}`)) return { kind: 'external', dotted: `${star}.${name}` };
        outside ??= star;
        continue;
      }
      const b = await this.lookup(m, name, hops + 1);
      if (b.kind !== 'unknown') return b;
    }
    return {
      kind: 'unknown',
      reason: outside ? `"${name}" is not defined in ${module.name} (it may come from "from ${outside} import *")` : `"${name}" is not defined in ${module.name}`,
    };
  }

  /** What a dotted expression ("models.ImageField", "cm.Base") means at the top level of `module`. */
  async resolveDotted(module: ProjectModule, dotted: string): Promise<Binding> {
    const [head, ...rest] = dotted.split('.');
    let b = await this.lookup(module, head!);
    for (const part of rest) {
      if (b.kind === 'external') b = { kind: 'external', dotted: `${b.dotted}.${part}` };
      else if (b.kind === 'module') b = await this.lookup(b.module, part);
      else if (b.kind === 'class') {
        const inner = classAttribute(b.module.src, b.node, part);
        b = inner ? { kind: inner.name === 'ClassDefinition' ? 'class' : 'value', module: b.module, node: inner, name: part } : { kind: 'unknown', reason: `${b.name} has no attribute "${part}"` };
      } else if (b.kind === 'unknown') return b;
      else return { kind: 'unknown', reason: `"${dotted}": an attribute of a ${b.kind}` };
    }
    return b;
  }
}

/** The statement defining `name` directly in a class body (a nested class, or the value assigned). */
export function classAttribute(src: PySource, cls: SyntaxNode, name: string): SyntaxNode | undefined {
  const body = cls.getChild('Body');
  let found: SyntaxNode | undefined;
  for (let st = body?.firstChild ?? null; st; st = st.nextSibling) {
    const def = st.name === 'DecoratedStatement' ? st.lastChild : st;
    if (def?.name === 'ClassDefinition' || def?.name === 'FunctionDefinition') {
      if (nodeText(src, def.getChild('VariableName')!) === name) found = def;
    } else if (st.name === 'AssignStatement' && st.firstChild?.name === 'VariableName' && nodeText(src, st.firstChild) === name) {
      found = st.lastChild ?? undefined;
    }
  }
  return found;
}

/** The package a relative import with `dots` leading dots starts from. */
function relativeBase(module: ProjectModule, dots: number): string | undefined {
  const parts = module.name.split('.');
  if (!module.isPackage) parts.pop();
  for (let i = 1; i < dots; i++) {
    if (parts.length === 0) return undefined;
    parts.pop();
  }
  return parts.join('.');
}

function scanBindings(module: ProjectModule): void {
  const { src, bindings } = module;
  const bind = (name: string, b: RawBinding): void => {
    const prev = bindings.get(name);
    // A name assigned twice is only ambiguous as a value; a def or import after it replaces it.
    bindings.set(name, prev && prev.kind === 'value' && b.kind === 'value' ? { kind: 'ambiguous' } : b);
  };
  for (const st of topLevelStatements(src)) {
    const def = st.name === 'DecoratedStatement' ? st.lastChild : st;
    if (def && (def.name === 'ClassDefinition' || def.name === 'FunctionDefinition')) {
      const n = def.getChild('VariableName');
      if (n) bind(nodeText(src, n), { kind: def.name === 'ClassDefinition' ? 'class' : 'function', node: def });
    } else if (st.name === 'AssignStatement') {
      const target = st.firstChild;
      const value = st.lastChild;
      if (target?.name === 'VariableName' && value && st.getChildren('AssignOp').length === 1) bind(nodeText(src, target), { kind: 'value', node: value });
    } else if (st.name === 'ImportStatement') {
      scanImport(module, nodeText(src, st), bind);
    }
  }
}

function scanImport(module: ProjectModule, statement: string, bind: (name: string, b: RawBinding) => void): void {
  const text = statement.replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ').replace(/\s+/g, ' ').trim();
  const from = /^from (\.*)\s*([\w.]*) import (.+)$/.exec(text);
  if (from) {
    const dots = from[1]!.length;
    let base = from[2]!;
    if (dots > 0) {
      const pkg = relativeBase(module, dots);
      if (pkg === undefined) return;
      base = [pkg, base].filter(Boolean).join('.');
    }
    if (!base) return;
    for (const part of from[3]!.split(',')) {
      const item = part.trim();
      if (item === '*') {
        module.stars.push(base);
        continue;
      }
      const m = /^(\w+)(?: as (\w+))?$/.exec(item);
      if (m) bind(m[2] ?? m[1]!, { kind: 'from', module: base, name: m[1]! });
    }
    return;
  }
  const imp = /^import (.+)$/.exec(text);
  if (!imp) return;
  for (const part of imp[1]!.split(',')) {
    const m = /^([\w.]+)(?: as (\w+))?$/.exec(part.trim());
    if (!m) continue;
    // `import a.b` binds "a" to the package; `import a.b as c` binds "c" to a.b.
    if (m[2]) bind(m[2], { kind: 'import', module: m[1]! });
    else bind(m[1]!.split('.')[0]!, { kind: 'import', module: m[1]!.split('.')[0]! });
  }
}
