import type { Rule } from '../rule';
import { pyStr } from '../rule';
import { preferredQuote } from '../settingsValues';
import { staticfilesRuntimeChain } from '../staticfilesRuntime';
import { appendEdit, editAt } from '../textEdits';
import type { QuickFix } from '../types';

/** runtime.static-url-missing: staticfiles installed, STATIC_URL empty or None. */
export const staticUrlMissing: Rule = {
  code: 'static-url.missing',
  defaultSeverity: 'error',
  djangoCheck: 'runtime.static-url-missing',
  inputs: [],
  description:
    'django.contrib.staticfiles is installed but STATIC_URL is not set (runserver, collectstatic and {% static %} raise "You\'re using the staticfiles app without having set the required STATIC_URL setting.").',
  fix: 'Set STATIC_URL = "static/".',
  async run(ctx) {
    const chain = await staticfilesRuntimeChain(ctx);
    const step = chain?.['static-url-missing'];
    if (!step?.holds) return [];
    const v = ctx.settings.STATIC_URL;
    const range = ctx.rangeFor(v);
    if (!range) return [];
    // Before Django 3.1 a relative STATIC_URL was not prefixed with "/".
    const value = ctx.since('3.1') ? 'static/' : '/static/';
    const fixes: QuickFix[] = [];
    const at = await ctx.originNode(v.origin);
    if (at) {
      fixes.push({
        title: `Set STATIC_URL to "${value}"`,
        edits: [editAt(at.src.file, at.src.text, at.node.from, at.node.to, pyStr(value, preferredQuote(at.src)), at.src.starts)],
        isPreferred: true,
      });
    } else if (!v.origin && ctx.model.settingsFile) {
      const src = await ctx.python(ctx.model.settingsFile);
      if (src) {
        fixes.push({
          title: `Add STATIC_URL = "${value}" to the settings`,
          edits: [appendEdit(src.file, src.text, `STATIC_URL = ${pyStr(value, preferredQuote(src))}`)],
          isPreferred: true,
        });
      }
    }
    return [
      {
        range,
        djangoCheck: step.djangoRaises ? 'runtime.static-url-missing' : null,
        message:
          "You're using the staticfiles app without having set the required STATIC_URL setting. " +
          `runserver, collectstatic and {% static %} fail with this error; set STATIC_URL = "${value}".`,
        fixes,
      },
    ];
  },
};
