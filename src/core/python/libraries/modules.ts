/**
 * The third-party libraries the evaluator models, as a table from dotted name to factory.
 */
import { mod, moduleTable } from '../stdlib/shared';
import type { ModuleFactory } from '../values';
import { configurationsModule } from './configurations';
import { decoupleModule } from './decouple';
import { dotenvModule } from './dotenv';
import { environModule } from './environ';
import { splitSettingsModule } from './splitSettings';

const LIBRARY_MODULES_LIST: [string[], ModuleFactory][] = [
  [['environ'], (rt) => environModule(rt)],
  [['decouple'], (rt) => decoupleModule(rt)],
  [['dotenv'], (rt) => dotenvModule(rt)],
  [['configurations', 'configurations.values'], (rt, name) => configurationsModule(rt, name)],
  [['split_settings'], () => mod('split_settings', {})],
  [['split_settings.tools'], (rt) => splitSettingsModule(rt)],
];

/** The modelled third-party libraries by dotted module name. */
export const LIBRARY_MODULES = moduleTable(LIBRARY_MODULES_LIST);

