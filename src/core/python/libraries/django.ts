/**
 * The few Django modules settings import (translation markers, get_random_secret_key, exceptions,
 * django.conf); any other django module is importable but not modelled.
 */
import { builtin } from '../builtins/args';
import { EXC } from '../exceptions';
import { mod, moduleTable } from '../stdlib/shared';
import { NONE, unknown, type ModuleFactory, type PyBuiltin, type PyModule } from '../values';

const returnsArg = (n: string, index: number): PyBuiltin => builtin(n, (_c, args) => args[index] ?? NONE);

const DJANGO_MODULES_LIST: [string[], ModuleFactory][] = [
  [['django.utils.translation'], (_rt, name) => mod(name, {
    gettext_lazy: returnsArg('gettext_lazy', 0),
    gettext: returnsArg('gettext', 0),
    ugettext_lazy: returnsArg('ugettext_lazy', 0),
    ugettext: returnsArg('ugettext', 0),
    gettext_noop: returnsArg('gettext_noop', 0),
    ugettext_noop: returnsArg('ugettext_noop', 0),
    pgettext_lazy: returnsArg('pgettext_lazy', 1),
    pgettext: returnsArg('pgettext', 1),
    ngettext: builtin('ngettext', (c) => unknown('ngettext() depends on a count', c.range)),
    ngettext_lazy: builtin('ngettext_lazy', (c) => unknown('ngettext_lazy() depends on a count', c.range)),
  })],
  [['django.core.management.utils'], (_rt, name) => mod(name, {
    get_random_secret_key: builtin('get_random_secret_key', (c) => unknown('get_random_secret_key() returns a new random key at runtime', c.range)),
  })],
  [['django.core.exceptions'], (_rt, name) => mod(name, { ImproperlyConfigured: EXC.ImproperlyConfigured }, (n) => (n.endsWith('Error') || n.startsWith('Suspicious') || n.endsWith('Exception') ? { ...EXC.Exception, name: n, bases: [EXC.Exception], mro: [n, ...EXC.Exception.mro] } : undefined))],
  [['django.conf'], (_rt, name) => mod(name, {
    settings: unknown('django.conf.settings is not available while settings are evaluated', undefined, 'django.conf.settings'),
  })],
];

/** The Django modules settings import, modelled. */
export const DJANGO_MODULES = moduleTable(DJANGO_MODULES_LIST);

/** Any other django module: importable (Django is installed where settings run), not modelled. */
export function djangoFallback(name: string): PyModule | undefined {
  return name === 'django' || name.startsWith('django.') ? { kind: 'module', name } : undefined;
}
