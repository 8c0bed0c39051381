import type { CheckContext } from '../checks/context';
import type { FileSystem } from '../fileSystem';
import type { ProjectModel } from '../model';
import { StaticFileLookup, staticFindersOf, type StaticFinders } from './finders';
import { collectStaticReferences } from './projectStatic';
import type { StaticReference } from './references';

interface StaticInputs {
  references: Promise<StaticReference[]>;
  finders: Promise<StaticFinders>;
  lookup: Promise<StaticFileLookup | undefined>;
}

const perRun = new WeakMap<CheckContext, StaticInputs>();

// The finders read every installed app's module folder: the editor keeps them, per model, for as
// long as its cached modules and file lists stay valid (CheckContext.derivations).
const findersMemo = new WeakMap<object, WeakMap<ProjectModel, Promise<StaticFinders>>>();

function findersOf(ctx: CheckContext, fs: FileSystem): Promise<StaticFinders> {
  if (!ctx.derivations) return staticFindersOf(fs, ctx.model);
  let byModel = findersMemo.get(ctx.derivations);
  if (!byModel) findersMemo.set(ctx.derivations, (byModel = new WeakMap()));
  let p = byModel.get(ctx.model);
  if (!p) byModel.set(ctx.model, (p = staticFindersOf(fs, ctx.model)));
  return p;
}

/**
 * The static references and finder lookup of one check run, computed once and shared by the
 * static rules (one walk, one set of folder listings).
 */
export function staticInputs(ctx: CheckContext): StaticInputs {
  let inputs = perRun.get(ctx);
  if (!inputs) {
    // References come from the files this run scans; the finders always look at the whole project.
    const whole = ctx.projectFs ?? ctx.fs;
    const finders = findersOf(ctx, whole);
    inputs = {
      references: (async () => ctx.staticReferences ?? collectStaticReferences(ctx.fs, ctx.model, ctx.token ? { token: ctx.token } : {}))(),
      finders,
      lookup: finders.then((f) => (f.known ? new StaticFileLookup(whole, f.sources, true) : undefined)),
    };
    perRun.set(ctx, inputs);
  }
  return inputs;
}

/** The staticfiles storage backend Django uses for the mirrored version; undefined when unknown. */
export function staticfilesStorageBackend(ctx: CheckContext): string | undefined {
  const storagesSet = ctx.since('4.2') ? ctx.isOverridden('STORAGES') : false;
  if (storagesSet === undefined) return undefined;
  if (storagesSet) {
    const v = ctx.raw('STORAGES');
    if (!v || !v.known || !v.value || typeof v.value !== 'object' || Array.isArray(v.value)) return undefined;
    const sf = v.value['staticfiles'];
    if (!sf || typeof sf !== 'object' || Array.isArray(sf)) return undefined;
    return typeof sf['BACKEND'] === 'string' ? sf['BACKEND'] : undefined;
  }
  if (!ctx.since('5.1')) {
    const legacy = ctx.isOverridden('STATICFILES_STORAGE');
    if (legacy === undefined) return undefined;
    if (legacy) {
      const v = ctx.raw('STATICFILES_STORAGE');
      return v && v.known && typeof v.value === 'string' ? v.value : undefined;
    }
  }
  return 'django.contrib.staticfiles.storage.StaticFilesStorage';
}
