import type { SyntaxNode } from '@lezer/common';
import { dirname } from 'pathe';
import type { FileSystem } from '../fileSystem';
import type { ProjectModel, SourceRange } from '../model';
import { CheckContext } from '../checks/context';
import { DEFAULT_DJANGO_VERSION } from '../checks/djangoVersion';
import { classFieldCalls, isModelsModule, moduleStringConstants, uploadToArgument, type ClassFieldCall } from '../checks/modelFields';
import { callArguments, dottedName, nodeRange, nodeText, stringValue, topLevelStatements, type CallArgument, type PySource } from '../checks/pySource';
import { listWorkspaceFiles } from '../checks/workspaceFiles';
import type { SyntaxTrees } from '../python/syntaxTrees';
import { classAttribute, ProjectModules, type Binding, type ProjectModule } from './projectModules';
import { returnedPattern } from './returnedPattern';
import type { FileFieldInfo, ModelCatalogue, RenditionLibrary, UploadTo } from './types';
import { stringUploadTo } from './uploadFolders';

/** Options of modelCatalogue. */
export interface ModelCatalogueOptions {
  /** Stops the scan between modules once aborted (the catalogue then says it is incomplete). */
  token?: { readonly aborted: boolean };
  /** Trees the analysis already parsed (AnalysisCache with keepSyntaxTrees). */
  trees?: SyntaxTrees;
}

/** A file field class Django or a common library defines. */
interface KnownField {
  canonical: string;
  /** Whose signature positional arguments follow: only FileField's takes upload_to third. */
  positionalUploadTo: boolean;
  renditions?: RenditionLibrary;
}

/**
 * Installed apps from outside the project whose models store no file (so their tables hold no
 * upload's name): common third-party apps checked by hand. Any other app from outside the project
 * may, and its rows are not read.
 */
const FILELESS_APPS: ReadonlySet<string> = new Set([
  'rest_framework', 'rest_framework.authtoken', 'corsheaders', 'django_extensions', 'debug_toolbar',
  'crispy_forms', 'crispy_bootstrap4', 'crispy_bootstrap5', 'django_filters', 'widget_tweaks',
  'django_celery_beat', 'django_celery_results', 'whitenoise.runserver_nostatic', 'storages',
  'channels', 'django_htmx', 'drf_spectacular', 'drf_yasg', 'compressor', 'taggit', 'modelcluster',
  'mptt', 'treebeard', 'django_countries', 'phonenumber_field',
  // Their tables name the thumbnails they made, which the audit groups with their originals.
  'easy_thumbnails', 'sorl.thumbnail', 'imagekit',
]);

const FILE_FIELD: KnownField = { canonical: 'django.db.models.FileField', positionalUploadTo: true };
const IMAGE_FIELD: KnownField = { canonical: 'django.db.models.ImageField', positionalUploadTo: false };
const THUMBNAILER: KnownField = { canonical: 'easy_thumbnails.fields.ThumbnailerField', positionalUploadTo: true, renditions: 'easy-thumbnails' };
const THUMBNAILER_IMAGE: KnownField = { canonical: 'easy_thumbnails.fields.ThumbnailerImageField', positionalUploadTo: false, renditions: 'easy-thumbnails' };
const PROCESSED: KnownField = { canonical: 'imagekit.models.ProcessedImageField', positionalUploadTo: false };
const SORL: KnownField = { canonical: 'sorl.thumbnail.ImageField', positionalUploadTo: false, renditions: 'sorl-thumbnail' };
const RESIZED: KnownField = { canonical: 'django_resized.ResizedImageField', positionalUploadTo: false };

/** File field classes by every dotted name they are imported under. */
const KNOWN_FIELDS = new Map<string, KnownField>([
  ['django.db.models.FileField', FILE_FIELD],
  ['django.db.models.fields.files.FileField', FILE_FIELD],
  ['django.contrib.gis.db.models.FileField', FILE_FIELD],
  ['django.db.models.ImageField', IMAGE_FIELD],
  ['django.db.models.fields.files.ImageField', IMAGE_FIELD],
  ['django.contrib.gis.db.models.ImageField', IMAGE_FIELD],
  ['easy_thumbnails.fields.ThumbnailerField', THUMBNAILER],
  ['easy_thumbnails.fields.ThumbnailerImageField', THUMBNAILER_IMAGE],
  ['imagekit.models.ProcessedImageField', PROCESSED],
  ['imagekit.models.fields.ProcessedImageField', PROCESSED],
  ['sorl.thumbnail.ImageField', SORL],
  ['sorl.thumbnail.fields.ImageField', SORL],
  ['django_resized.ResizedImageField', RESIZED],
  ['django_resized.forms.ResizedImageField', RESIZED],
]);
const SPEC_FIELDS = new Set(['imagekit.models.ImageSpecField', 'imagekit.models.fields.ImageSpecField']);
const MODEL_BASES = new Set(['django.db.models.Model', 'django.db.models.base.Model', 'django.contrib.gis.db.models.Model']);
const APP_CONFIG = new Set(['django.apps.AppConfig', 'django.apps.config.AppConfig']);
/** Methods of a field subclass that can change where files go. */
const CUSTOMIZING_METHODS = ['__init__', 'generate_filename'];
const MAX_CLASS_DEPTH = 24;
/** Modules of an app followed from its models module. */
const MAX_IMPORTED_MODULES = 200;

/** What a field declaration's class is. */
type FieldKind =
  | { kind: 'file'; fieldClass: string; known: KnownField; /** "AvatarField.__init__" … */ customized: string[] }
  | { kind: 'spec' }
  | { kind: 'other' }
  /** A class from outside the project whose name says it may store files. */
  | { kind: 'foreign'; dotted: string }
  | { kind: 'unresolved'; reason: string };

/** A Meta option's value: a literal, or why it is not known. */
type MetaValue = { value: string | boolean } | { unknown: string };

interface MetaOptions {
  abstract?: MetaValue;
  proxy?: MetaValue;
  db_table?: MetaValue;
  app_label?: MetaValue;
}

interface ModelClass {
  name: string;
  module: ProjectModule;
  node: SyntaxNode;
  bases: Array<{ text: string; binding: Binding; model?: ModelClass }>;
  /** 'maybe': a base from outside the project that is not django's Model (an abstract model of a library, a mixin…). */
  kind: 'model' | 'maybe' | 'not-model';
  /** Its own `class Meta`, merged with the Meta classes that one inherits from. */
  ownMeta: MetaOptions | undefined;
}

/** A `name = Field(...)` (or `name = None`, removing an inherited field) of a model body. */
interface Declaration {
  name: string;
  module: ProjectModule;
  statement: SyntaxNode;
  call?: SyntaxNode;
  callee?: string;
}

/** An installed app whose folder is in the project. */
interface App {
  module: string;
  folder: string;
  label: MetaValue;
}

/**
 * Every file field (FileField, ImageField, their subclasses in the project, and the common
 * third-party ones) of every concrete model of the project's installed apps, statically, as Django
 * would install it: app label, table, column, pk column, upload_to, storage, null/blank, renditions.
 * Reads only the project (through `fs`); what it cannot follow goes to `notes`, never a guess.
 */
export async function modelCatalogue(fs: FileSystem, model: ProjectModel, options: ModelCatalogueOptions = {}): Promise<ModelCatalogue> {
  const catalogue = new Catalogue(fs, model, options);
  return catalogue.run();
}

class Catalogue {
  private readonly ctx: CheckContext;
  private readonly modules: ProjectModules;
  private readonly root: string;
  private readonly notes = new Map<string, { message: string; range?: SourceRange }>();
  private readonly gaps = new Set<string>();
  private readonly classes = new Map<string, Promise<ModelClass>>();
  private readonly fieldKinds = new Map<string, Promise<FieldKind>>();

  constructor(
    fs: FileSystem,
    private readonly model: ProjectModel,
    private readonly options: ModelCatalogueOptions,
  ) {
    this.ctx = new CheckContext(fs, model, { version: DEFAULT_DJANGO_VERSION, source: 'default' }, options.token);
    if (options.trees) this.ctx.syntaxTrees = options.trees;
    this.root = model.project.root.replace(/\/+$/, '');
    this.modules = new ProjectModules(this.ctx, [this.root], (dotted) => KNOWN_FIELDS.has(dotted) || MODEL_BASES.has(dotted) || SPEC_FIELDS.has(dotted));
  }

  /** A note that also says the rows read may not cover every stored file name (ModelCatalogue.gaps). */
  private gap(message: string, range?: SourceRange): void {
    this.gaps.add(message);
    this.note(message, range);
  }

  private note(message: string, range?: SourceRange): void {
    const key = `${message}\u0000${range ? `${range.file}:${range.line}` : ''}`;
    if (!this.notes.has(key)) this.notes.set(key, range ? { message, range } : { message });
  }

  private get aborted(): boolean {
    return this.options.token?.aborted === true;
  }

  async run(): Promise<ModelCatalogue> {
    const s = this.model.settings;
    const exclude = [s.MEDIA_ROOT.known ? s.MEDIA_ROOT.value : '', s.STATIC_ROOT.known ? s.STATIC_ROOT.value ?? '' : ''].filter((p) => p && p !== this.root);
    const walk = await listWorkspaceFiles(this.ctx.fs, this.root, exclude, this.options.token);
    if (walk.truncated && !this.aborted) this.gap('The project has more files than are walked: models modules beyond the bound are not catalogued.');
    const modelsFiles = walk.python.filter(isModelsModule).sort();
    const apps = await this.installedApps(modelsFiles);
    const fields: FileFieldInfo[] = [];
    // Models modules, and the modules of the same app they import (models defined there belong to the app too).
    const scanned = new Set<string>(modelsFiles);
    for (const file of modelsFiles) {
      if (this.aborted) break;
      await this.ctx.breathe();
      const folder = appFolderOf(file);
      const app = apps.find((a) => a.folder === folder);
      if (!app) {
        await this.noteUninstalled(file);
        continue;
      }
      const module = await this.modules.moduleOfFile(file);
      if (!module) continue;
      for (const m of [module, ...(await this.importedAppModules(module, app, scanned))]) {
        if (scanned.has(m.file) && m !== module) continue;
        scanned.add(m.file);
        for (const st of topLevelStatements(m.src)) {
          const def = st.name === 'DecoratedStatement' ? st.lastChild : st;
          if (def?.name !== 'ClassDefinition' || !def.getChild('ArgList')) continue;
          fields.push(...(await this.modelFields(await this.modelClass(m, def), app)));
        }
      }
    }
    if (this.aborted) this.gap('Cancelled: the catalogue is incomplete.');
    if (this.modules.truncated) this.gap('Too many modules to follow: some imports were not followed.');
    fields.sort((a, b) => cmp(a.app, b.app) || cmp(a.model, b.model) || cmp(a.field, b.field));
    return { fields, notes: [...this.notes.values()], gaps: [...this.gaps] };
  }

  /**
   * Modules of the app's own folder that a models module imports and that are not models modules
   * themselves (`from .photo_models import *`): Django registers the models they define when the
   * import runs. Followed transitively, up to a bound.
   */
  private async importedAppModules(module: ProjectModule, app: App, scanned: ReadonlySet<string>): Promise<ProjectModule[]> {
    const out: ProjectModule[] = [];
    const queue = [module];
    while (queue.length && out.length < MAX_IMPORTED_MODULES) {
      for (const m of await this.modules.importedModules(queue.shift()!)) {
        if (scanned.has(m.file) || out.includes(m) || !m.file.startsWith(`${app.folder}/`) || !m.src.text.includes('class ')) continue;
        out.push(m);
        queue.push(m);
      }
    }
    return out;
  }

  // ---- apps -------------------------------------------------------------------------------

  /** The apps of INSTALLED_APPS whose folders are in the project (every app folder when it is unknown). */
  private async installedApps(modelsFiles: string[]): Promise<App[]> {
    const setting = this.model.settings.INSTALLED_APPS;
    const appFolders = [...new Set(modelsFiles.map(appFolderOf))];
    if (!setting.known) {
      if (modelsFiles.length === 0) return [];
      this.gap(`INSTALLED_APPS is not known (${setting.reason}): every models module of the project is catalogued, its app label taken from its folder, and apps outside the project are not known.`, setting.origin);
      const apps: App[] = [];
      for (const folder of appFolders) {
        const module = folder.slice(this.root.length + 1).split('/').join('.');
        if (!module || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(module)) continue;
        apps.push({ module, folder, label: await this.defaultLabel(module) });
      }
      return apps;
    }
    this.addSourceRoots(setting.value, modelsFiles);
    const apps: App[] = [];
    const outside: string[] = [];
    for (const entry of setting.value) {
      if (this.aborted) break;
      const app = await this.appOf(entry, setting.origin);
      if (app === 'outside') {
        if (!/^django\./.test(entry)) outside.push(entry);
      } else if (app) apps.push(app);
    }
    if (outside.length) this.note(`Apps outside the project are not catalogued (their models are not read): ${outside.join(', ')}.`, setting.origin);
    const mayStoreFiles = outside.filter((entry) => !FILELESS_APPS.has(entry.replace(/\.apps\.\w+$/, '')));
    if (mayStoreFiles.length) this.gap(`The rows of apps outside the project that may have file fields are not read: ${mayStoreFiles.join(', ')}.`, setting.origin);
    return apps;
  }

  /** Folders above an app that Django finds it in (an "apps" folder put on sys.path), from where its models modules are. */
  private addSourceRoots(entries: string[], modelsFiles: string[]): void {
    for (const entry of entries) {
      for (const module of [entry, entry.replace(/\.apps\.\w+$/, '')]) {
        const path = `/${module.split('.').join('/')}/models`;
        for (const f of modelsFiles) {
          const i = f.indexOf(path);
          if (i < 0 || !/^[./]/.test(f.slice(i + path.length))) continue;
          const prefix = f.slice(0, i);
          if ((prefix === this.root || prefix.startsWith(`${this.root}/`)) && !this.modules.roots.includes(prefix)) this.modules.roots.push(prefix);
        }
      }
    }
    // The deepest root first, so that a module is named as Django imports it.
    this.modules.roots.sort((a, b) => b.length - a.length);
  }

  /** One INSTALLED_APPS entry: an app module, or the dotted path of an AppConfig class. */
  private async appOf(entry: string, origin: SourceRange | undefined): Promise<App | 'outside' | undefined> {
    const module = await this.modules.module(entry);
    if (module?.isPackage) return { module: entry, folder: dirname(module.file), label: await this.defaultLabel(entry) };
    const dot = entry.lastIndexOf('.');
    if (dot < 0) return module ? undefined : 'outside';
    const holder = await this.modules.module(entry.slice(0, dot));
    if (!holder) return 'outside';
    const binding = await this.modules.lookup(holder, entry.slice(dot + 1));
    if (binding.kind !== 'class') {
      this.note(`INSTALLED_APPS entry "${entry}" names neither an app package nor an AppConfig class of the project: its models are not catalogued.`, origin);
      return undefined;
    }
    const name = literalAttribute(binding.module.src, binding.node, 'name');
    if (!name || 'unknown' in name || typeof name.value !== 'string') {
      this.note(`The AppConfig ${entry} has no literal "name": its app's models are not catalogued.`, nodeRange(binding.module.src, binding.node));
      return undefined;
    }
    const app = await this.modules.module(name.value);
    if (!app?.isPackage) return 'outside';
    return { module: name.value, folder: dirname(app.file), label: appConfigLabel(binding.module.src, binding.node, name.value) };
  }

  /**
   * The label of an app installed by its module name: Django (3.2+) uses the one AppConfig subclass
   * its apps.py defines (or the one marked default = True), else a plain AppConfig (the last part of
   * the module name).
   */
  private async defaultLabel(appModule: string): Promise<MetaValue> {
    const plain = { value: appModule.split('.').pop()! };
    const apps = await this.modules.module(`${appModule}.apps`);
    if (!apps) return plain;
    const candidates: Array<{ node: SyntaxNode; isDefault: MetaValue | undefined }> = [];
    for (const [, b] of apps.bindings) {
      if (b.kind !== 'class') continue;
      if (!(await this.isAppConfig(apps, b.node, 0))) continue;
      const isDefault = literalAttribute(apps.src, b.node, 'default');
      if (isDefault && 'value' in isDefault && isDefault.value === false) continue;
      candidates.push({ node: b.node, isDefault });
    }
    const chosen = candidates.length === 1 ? candidates : candidates.filter((c) => c.isDefault && 'value' in c.isDefault && c.isDefault.value === true);
    if (chosen.length !== 1) return plain;
    return appConfigLabel(apps.src, chosen[0]!.node, appModule);
  }

  private async isAppConfig(module: ProjectModule, cls: SyntaxNode, depth: number): Promise<boolean> {
    if (depth > MAX_CLASS_DEPTH) return false;
    for (const base of baseExpressions(module.src, cls)) {
      const b = await this.modules.resolveDotted(module, base);
      if (b.kind === 'external' && APP_CONFIG.has(b.dotted)) return true;
      if (b.kind === 'class' && (await this.isAppConfig(b.module, b.node, depth + 1))) return true;
    }
    return false;
  }

  /** A note for a models module whose app is not installed, when it declares file fields on concrete models. */
  private async noteUninstalled(file: string): Promise<void> {
    const text = await this.ctx.text(file);
    if (!text || !/FileField|ImageField|Thumbnailer/.test(text)) return;
    const module = await this.modules.moduleOfFile(file);
    if (!module) return;
    for (const [, b] of module.bindings) {
      if (b.kind !== 'class') continue;
      const meta = ownMeta(module.src, b.node);
      const abstract = meta?.abstract && 'value' in meta.abstract && meta.abstract.value === true;
      const body = b.node.getChild('Body');
      if (abstract || !body) continue;
      if (classFieldCalls(module.src, body).some((c) => /FileField|ImageField|Thumbnailer/.test(c.callee))) {
        this.note(`${module.name} is not catalogued: its app is not in INSTALLED_APPS.`, nodeRange(module.src, b.node.getChild('VariableName') ?? b.node));
        return;
      }
    }
  }

  // ---- models -----------------------------------------------------------------------------

  private modelClass(module: ProjectModule, node: SyntaxNode, depth = 0): Promise<ModelClass> {
    const key = `${module.file}:${node.from}`;
    let p = this.classes.get(key);
    if (!p) {
      p = this.loadModelClass(module, node, depth);
      this.classes.set(key, p);
    }
    return p;
  }

  private async loadModelClass(module: ProjectModule, node: SyntaxNode, depth: number): Promise<ModelClass> {
    const name = nodeText(module.src, node.getChild('VariableName')!);
    const cls: ModelClass = { name, module, node, bases: [], kind: 'not-model', ownMeta: undefined };
    let model = false;
    let maybe = false;
    for (const text of baseExpressions(module.src, node)) {
      const binding = await this.modules.resolveDotted(module, text);
      const base: ModelClass['bases'][number] = { text, binding };
      if (binding.kind === 'external') {
        if (MODEL_BASES.has(binding.dotted)) model = true;
        else maybe = true;
      } else if (binding.kind === 'class' && depth < MAX_CLASS_DEPTH) {
        base.model = await this.modelClass(binding.module, binding.node, depth + 1);
        if (base.model.kind === 'model') model = true;
        if (base.model.kind === 'maybe') maybe = true;
      } else if (text !== 'object') {
        // A name not found, a value computed at run time (Base = make_base()): it may be a model.
        maybe = true;
      }
      cls.bases.push(base);
    }
    cls.kind = model ? 'model' : maybe ? 'maybe' : 'not-model';
    cls.ownMeta = await this.metaOf(module, node, depth);
    return cls;
  }

  /** The options of a class's own Meta, including what its Meta inherits (`class Meta(Base.Meta)`). */
  private async metaOf(module: ProjectModule, node: SyntaxNode, depth: number): Promise<MetaOptions | undefined> {
    const meta = classAttribute(module.src, node, 'Meta');
    if (meta?.name !== 'ClassDefinition') return undefined;
    const own = ownMeta(module.src, node) ?? {};
    const inherited: MetaOptions = {};
    for (const text of baseExpressions(module.src, meta)) {
      const m = /^(.+)\.Meta$/.exec(text);
      const b = m ? await this.modules.resolveDotted(module, m[1]!) : undefined;
      if (b?.kind === 'class' && depth < MAX_CLASS_DEPTH) {
        const base = await this.modelClass(b.module, b.node, depth + 1);
        Object.assign(inherited, this.effectiveMeta(base));
      } else if (text !== 'object') {
        this.note(`Meta of ${nodeText(module.src, node.getChild('VariableName')!)} inherits from ${text}, which is not followed: options it sets are unknown.`, nodeRange(module.src, meta));
        for (const k of ['db_table', 'app_label', 'proxy'] as const) inherited[k] ??= { unknown: `inherited from ${text}` };
      }
    }
    // Django resets abstract on the Meta of an abstract model, so it is never inherited.
    delete inherited.abstract;
    return { ...inherited, ...own };
  }

  /**
   * The Meta options in effect: its own Meta, else the Meta it finds as a class attribute — only
   * abstract models keep theirs as one (Django removes a concrete model's), without "abstract".
   */
  private effectiveMeta(cls: ModelClass, depth = 0): MetaOptions {
    if (cls.ownMeta) return cls.ownMeta;
    if (depth > MAX_CLASS_DEPTH) return {};
    for (const base of cls.bases) {
      const m = base.model;
      if (!m || m.kind === 'not-model') continue;
      if (m.ownMeta && isAbstract(m)) {
        const { abstract: _abstract, ...rest } = m.ownMeta;
        return rest;
      }
      const inherited = this.effectiveMeta({ ...m, ownMeta: undefined }, depth + 1);
      if (Object.keys(inherited).length) return inherited;
    }
    return {};
  }

  /** The fields a class declares or inherits from abstract bases, by name (null: removed with `name = None`). */
  private declarations(cls: ModelClass, depth = 0): Map<string, Declaration | null> {
    const out = new Map<string, Declaration | null>();
    if (depth <= MAX_CLASS_DEPTH) {
      for (const base of cls.bases) {
        if (!base.model || !isAbstract(base.model)) continue;
        for (const [n, d] of this.declarations(base.model, depth + 1)) if (!out.has(n)) out.set(n, d);
      }
    }
    const body = cls.node.getChild('Body');
    if (!body) return out;
    const calls = new Map<SyntaxNode['from'], ClassFieldCall>(classFieldCalls(cls.module.src, body).map((c) => [c.statement.from, c]));
    for (let st = body.firstChild; st; st = st.nextSibling) {
      if (st.name !== 'AssignStatement' || st.firstChild?.name !== 'VariableName') continue;
      const name = nodeText(cls.module.src, st.firstChild);
      const call = calls.get(st.from);
      if (call) out.set(name, { name, module: cls.module, statement: st, call: call.call, callee: call.callee });
      else if (st.lastChild?.name === 'None') out.set(name, null);
    }
    return out;
  }

  /** The FileFieldInfo of every file field of a concrete model class (none for other classes). */
  private async modelFields(cls: ModelClass, app: App): Promise<FileFieldInfo[]> {
    if (cls.kind === 'not-model' || isAbstract(cls)) return [];
    const range = nodeRange(cls.module.src, cls.node.getChild('VariableName')!);
    const meta = this.effectiveMeta(cls);
    if (meta.proxy && 'value' in meta.proxy && meta.proxy.value === true) return [];
    const decls = [...this.declarations(cls).values()].filter((d): d is Declaration => d !== null && d.call !== undefined);
    const kinds = await Promise.all(decls.map((d) => this.fieldKind(d.module, d.callee!)));
    const files = decls.map((d, i) => ({ d, k: kinds[i]! })).filter((x) => x.k.kind === 'file');
    for (const [i, d] of decls.entries()) {
      const k = kinds[i]!;
      if (k.kind === 'foreign') this.gap(`${cls.name}.${d.name}: ${k.dotted} comes from outside the project and may store files; it is not catalogued.`, nodeRange(d.module.src, d.statement));
    }
    if (files.length === 0) return [];
    if (cls.kind === 'maybe') {
      const outside = cls.bases.filter((b) => b.binding.kind !== 'class' || b.model?.kind === 'maybe').map((b) => b.text);
      this.note(`${cls.name} derives from ${outside.join(', ')}, which the catalogue cannot follow: taken as a concrete model with its own table and an "id" primary key.`, range);
    }
    if (meta.proxy && 'unknown' in meta.proxy) {
      this.gap(`${cls.name}: whether it is a proxy model is unknown (${meta.proxy.unknown}); not catalogued.`, range);
      return [];
    }
    const label = meta.app_label ?? app.label;
    if ('unknown' in label || typeof label.value !== 'string') {
      this.gap(`${cls.name}: its app label is not known${'unknown' in label ? ` (${label.unknown})` : ''}; not catalogued.`, range);
      return [];
    }
    let table: string;
    if (meta.db_table) {
      if ('unknown' in meta.db_table || typeof meta.db_table.value !== 'string') {
        this.gap(`${cls.name}: Meta.db_table is not a literal${'unknown' in meta.db_table ? ` (${meta.db_table.unknown})` : ''}; not catalogued.`, range);
        return [];
      }
      table = meta.db_table.value;
    } else {
      table = `${label.value}_${cls.name.toLowerCase()}`;
      if (table.length > 63) this.note(`${cls.name}: the table name ${table} is longer than 63 characters; PostgreSQL and some other databases use a shortened name.`, range);
    }
    const pkColumn = await this.pkColumn(cls, decls, kinds);
    if (pkColumn === undefined) return [];
    const specs = new Map<string, true>();
    for (const [i, d] of decls.entries()) {
      if (kinds[i]!.kind !== 'spec') continue;
      const source = keywordString(d.module.src, callArguments(d.module.src, d.call!), 'source');
      if (source) specs.set(source, true);
    }
    const out: FileFieldInfo[] = [];
    for (const { d, k } of files) {
      if (k.kind !== 'file') continue;
      out.push(await this.fileField(cls, d, k, { app: label.value, table, pkColumn, imagekit: specs.has(d.name) }));
    }
    return out;
  }

  /** The primary key column: a primary_key=True field, the parent link under multi-table inheritance, else "id". */
  private async pkColumn(cls: ModelClass, decls: Declaration[], kinds: FieldKind[]): Promise<string | undefined> {
    for (const d of decls) {
      const args = callArguments(d.module.src, d.call!);
      if (literalKeyword(d.module.src, args, 'primary_key') === true) return columnOf(d, args);
    }
    const parent = this.concreteParent(cls);
    if (parent) {
      for (const [i, d] of decls.entries()) {
        const args = callArguments(d.module.src, d.call!);
        if (kinds[i]!.kind === 'other' && literalKeyword(d.module.src, args, 'parent_link') === true) return columnOf(d, args);
      }
      return `${parent.name.toLowerCase()}_ptr_id`;
    }
    return 'id';
  }

  /** The first concrete model among the bases (a proxy base stands for the model it proxies). */
  private concreteParent(cls: ModelClass, depth = 0): ModelClass | undefined {
    for (const base of cls.bases) {
      const m = base.model;
      if (!m || m.kind !== 'model' || isAbstract(m)) continue;
      const proxy = this.effectiveMeta(m).proxy;
      if (proxy && 'value' in proxy && proxy.value === true && depth < MAX_CLASS_DEPTH) return this.concreteParent(m, depth + 1) ?? m;
      return m;
    }
    return undefined;
  }

  private async fileField(cls: ModelClass, d: Declaration, k: Extract<FieldKind, { kind: 'file' }>, where: { app: string; table: string; pkColumn: string; imagekit: boolean }): Promise<FileFieldInfo> {
    const src = d.module.src;
    const args = callArguments(src, d.call!);
    const range = nodeRange(src, d.statement);
    const info: FileFieldInfo = {
      app: where.app,
      model: cls.name,
      field: d.name,
      fieldClass: k.fieldClass,
      table: where.table,
      column: columnOf(d, args),
      pkColumn: where.pkColumn,
      uploadTo: { kind: 'none' },
      storage: { kind: 'default' },
      null: this.flag(cls, d, args, 'null'),
      blank: this.flag(cls, d, args, 'blank'),
      range,
    };
    const renditions = k.known.renditions ?? (where.imagekit ? 'imagekit' : undefined);
    if (renditions) info.renditions = renditions;
    info.uploadTo = await this.uploadTo(d, k, args);
    const positional = k.known.positionalUploadTo && k.customized.length === 0;
    const storage = args.find((a) => a.name === 'storage')?.value ?? (positional && !args.some((a) => a.star) ? args.filter((a) => !a.name)[3]?.value : undefined);
    if (storage && storage.name !== 'None') info.storage = { kind: 'custom', expression: nodeText(src, storage).replace(/\s+/g, ' ') };
    else if (k.customized.some((m) => m.endsWith('.__init__'))) this.note(`${cls.name}.${d.name}: ${k.customized.join(', ')} may choose another storage; the default storage is assumed.`, range);
    if (args.find((a) => a.name === 'name')) this.note(`${cls.name}.${d.name}: name= renames the field; its column is taken from the attribute name.`, range);
    return info;
  }

  private flag(cls: ModelClass, d: Declaration, args: CallArgument[], key: 'null' | 'blank'): boolean {
    const arg = args.find((a) => a.name === key);
    if (!arg) return false;
    if (arg.value.name === 'Boolean') return nodeText(d.module.src, arg.value) === 'True';
    this.note(`${cls.name}.${d.name}: ${key}= is not a literal; taken as False.`, nodeRange(d.module.src, arg.value));
    return false;
  }

  // ---- upload_to --------------------------------------------------------------------------

  private async uploadTo(d: Declaration, k: Extract<FieldKind, { kind: 'file' }>, args: CallArgument[]): Promise<UploadTo> {
    const generate = k.customized.find((m) => m.endsWith('.generate_filename'));
    if (generate) return { kind: 'unknown', reason: `${generate} decides the file names` };
    const node = uploadToArgument(args, k.known.positionalUploadTo && k.customized.length === 0);
    if (!node) {
      if (k.customized.length) return { kind: 'unknown', reason: `${k.customized.join(', ')} may set upload_to` };
      if (args.some((a) => a.star)) return { kind: 'unknown', reason: 'the arguments are passed with * or **' };
      if (!k.known.positionalUploadTo && args.filter((a) => !a.name).length > 4) return { kind: 'unknown', reason: 'unexpected positional arguments' };
      return { kind: 'none' };
    }
    return this.uploadToValue(d.module, node);
  }

  /** What an upload_to expression is: a string, a callable (with the pattern it returns), or unknown. */
  private async uploadToValue(module: ProjectModule, node: SyntaxNode): Promise<UploadTo> {
    const src = module.src;
    const text = nodeText(src, node).replace(/\s+/g, ' ');
    switch (node.name) {
      case 'String':
      case 'ContinuedString': {
        const v = literalString(src, node);
        return v === undefined ? { kind: 'unknown', reason: `upload_to=${text}: a string with escapes or placeholders` } : stringUploadTo(v);
      }
      case 'None':
        // Django formats str(upload_to): None makes a folder named "None".
        return stringUploadTo('None');
      case 'LambdaExpression':
        return { kind: 'callable', functionName: 'lambda', ...returnedPattern(src, node, constantsOf(src)), range: nodeRange(src, node) };
      case 'VariableName': {
        const name = nodeText(src, node);
        const owner = enclosingClass(node);
        const inClass = owner ? classAttribute(src, owner, name) : undefined;
        // A function or value defined earlier in the class body is what the name means there.
        if (inClass && inClass.from < node.from) {
          const kind = inClass.name === 'FunctionDefinition' ? 'function' : inClass.name === 'ClassDefinition' ? 'class' : 'value';
          return this.bindingUploadTo({ kind, module, node: inClass, name }, text);
        }
        return this.bindingUploadTo(await this.modules.lookup(module, name), text);
      }
      case 'MemberExpression': {
        const dotted = dottedName(src, node);
        if (dotted) return this.bindingUploadTo(await this.modules.resolveDotted(module, dotted), text);
        break;
      }
    }
    return { kind: 'unknown', reason: `upload_to=${text} is computed when the model class is defined` };
  }

  private async bindingUploadTo(b: Binding, text: string): Promise<UploadTo> {
    switch (b.kind) {
      case 'function': {
        const src = b.module.src;
        return { kind: 'callable', functionName: b.name, ...returnedPattern(src, b.node, constantsOf(src)), range: nodeRange(src, b.node.getChild('VariableName') ?? b.node) };
      }
      case 'value': {
        if (b.node.name === 'String' || b.node.name === 'ContinuedString' || b.node.name === 'LambdaExpression') {
          const u = await this.uploadToValue(b.module, b.node);
          return u.kind === 'callable' ? { ...u, functionName: b.name } : u;
        }
        return { kind: 'unknown', reason: `upload_to=${text}: ${b.name} is ${nodeText(b.module.src, b.node).replace(/\s+/g, ' ')}` };
      }
      case 'class':
        return { kind: 'unknown', reason: `upload_to=${text}: a class, whose instances decide` };
      case 'external':
        return { kind: 'unknown', reason: `upload_to=${text} comes from ${b.dotted}, outside the project` };
      case 'module':
        return { kind: 'unknown', reason: `upload_to=${text} is a module` };
      case 'unknown':
        return { kind: 'unknown', reason: `upload_to=${text}: ${b.reason}` };
    }
  }

  // ---- field classes ----------------------------------------------------------------------

  private fieldKind(module: ProjectModule, callee: string): Promise<FieldKind> {
    const key = `${module.file}:${callee}`;
    let p = this.fieldKinds.get(key);
    if (!p) {
      p = this.modules.resolveDotted(module, callee).then((b) => this.kindOfBinding(b, 0));
      this.fieldKinds.set(key, p);
    }
    return p;
  }

  private async kindOfBinding(b: Binding, depth: number): Promise<FieldKind> {
    if (b.kind === 'external') {
      const known = KNOWN_FIELDS.get(b.dotted);
      if (known) return { kind: 'file', fieldClass: known.canonical, known, customized: [] };
      if (SPEC_FIELDS.has(b.dotted)) return { kind: 'spec' };
      return /(File|Image)Field$|Thumbnailer/.test(b.dotted) && !/^django\./.test(b.dotted) ? { kind: 'foreign', dotted: b.dotted } : { kind: 'other' };
    }
    if (b.kind === 'unknown') return { kind: 'unresolved', reason: b.reason };
    if (b.kind !== 'class' || depth > MAX_CLASS_DEPTH) return { kind: 'other' };
    const name = nodeText(b.module.src, b.node.getChild('VariableName')!);
    const customized = CUSTOMIZING_METHODS.filter((m) => classAttribute(b.module.src, b.node, m)?.name === 'FunctionDefinition').map((m) => `${name}.${m}`);
    for (const base of baseExpressions(b.module.src, b.node)) {
      const k = await this.kindOfBinding(await this.modules.resolveDotted(b.module, base), depth + 1);
      if (k.kind === 'file') return { ...k, fieldClass: `${b.module.name}.${name}`, customized: [...customized, ...k.customized] };
      if (k.kind === 'spec' || k.kind === 'foreign') return k;
    }
    return { kind: 'other' };
  }
}

/** The app package a models module belongs to: the folder of models.py, or of the models/ package. */
function appFolderOf(modelsFile: string): string {
  return modelsFile.endsWith('/models.py') ? dirname(modelsFile) : dirname(dirname(modelsFile));
}

/** The class whose body holds a node, if any. */
function enclosingClass(node: SyntaxNode): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'ClassDefinition') return p;
    if (p.name === 'FunctionDefinition' || p.name === 'LambdaExpression') return undefined;
  }
  return undefined;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isAbstract(cls: ModelClass): boolean {
  const a = cls.ownMeta?.abstract;
  return a !== undefined && 'value' in a && a.value === true;
}

/** The dotted texts of a class's bases (keyword arguments such as metaclass= left out). */
function baseExpressions(src: PySource, cls: SyntaxNode): string[] {
  const list = cls.getChild('ArgList');
  if (!list) return [];
  return callArguments(src, list)
    .filter((a) => !a.name && !a.star)
    .map((a) => dottedName(src, a.value) ?? nodeText(src, a.value));
}

/** The options a class's own `class Meta:` body sets, as literals or unknowns. */
function ownMeta(src: PySource, cls: SyntaxNode): MetaOptions | undefined {
  const meta = classAttribute(src, cls, 'Meta');
  if (meta?.name !== 'ClassDefinition') return undefined;
  const out: MetaOptions = {};
  for (const key of ['abstract', 'proxy', 'db_table', 'app_label'] as const) {
    const v = literalAttribute(src, meta, key);
    if (v) out[key] = v;
  }
  return out;
}

/** A class attribute's literal value (string or bool), unknown when it is set otherwise, undefined when not set. */
function literalAttribute(src: PySource, cls: SyntaxNode, name: string): MetaValue | undefined {
  const node = classAttribute(src, cls, name);
  if (!node) return undefined;
  if (node.name === 'Boolean') return { value: nodeText(src, node) === 'True' };
  const s = literalString(src, node);
  return s === undefined ? { unknown: `${name} = ${nodeText(src, node)}` } : { value: s };
}

function appConfigLabel(src: PySource, cls: SyntaxNode, appModule: string): MetaValue {
  return literalAttribute(src, cls, 'label') ?? { value: appModule.split('.').pop()! };
}

/** A plain string literal (implicit concatenations included). */
function literalString(src: PySource, node: SyntaxNode): string | undefined {
  if (node.name !== 'ContinuedString') return stringValue(src, node);
  let out = '';
  for (let c = node.firstChild; c; c = c.nextSibling) {
    const v = stringValue(src, c);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

function literalKeyword(src: PySource, args: CallArgument[], key: string): boolean | undefined {
  const v = args.find((a) => a.name === key)?.value;
  return v?.name === 'Boolean' ? nodeText(src, v) === 'True' : undefined;
}

function keywordString(src: PySource, args: CallArgument[], key: string): string | undefined {
  const v = args.find((a) => a.name === key)?.value;
  return v ? literalString(src, v) : undefined;
}

/** A field's column: db_column, else its attribute name ("<name>_id" for a relation). */
function columnOf(d: Declaration, args: CallArgument[]): string {
  const dbColumn = keywordString(d.module.src, args, 'db_column');
  if (dbColumn) return dbColumn;
  return /(ForeignKey|OneToOneField)$/.test(d.callee ?? '') ? `${d.name}_id` : d.name;
}

/** Module-level string constants of a module, by name. */
function constantsOf(src: PySource): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, node] of moduleStringConstants(src)) {
    const v = literalString(src, node);
    if (v !== undefined) out.set(name, v);
  }
  return out;
}
