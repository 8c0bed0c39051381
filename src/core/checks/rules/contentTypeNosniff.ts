import type { Rule } from '../rule';
import { editAt } from '../textEdits';
import type { QuickFix } from '../types';

const SECURITY_MIDDLEWARE = 'django.middleware.security.SecurityMiddleware';

/**
 * security.W006, a deploy check (`manage.py check --deploy` only): SecurityMiddleware is installed
 * but SECURE_CONTENT_TYPE_NOSNIFF is not True. Without nosniff a browser may sniff an uploaded
 * file as HTML and run it. Reported as a warning in a settings module that looks like production
 * (or has DEBUG off), as information elsewhere.
 */
export const contentTypeNosniff: Rule = {
  code: 'security.content-type-nosniff-off',
  defaultSeverity: 'warning',
  djangoCheck: 'security.W006',
  inputs: [],
  fix: 'Set it to True.',
  description:
    'SECURE_CONTENT_TYPE_NOSNIFF is not True while SecurityMiddleware is installed (deploy check; information outside production-looking settings).',
  async run(ctx) {
    const nosniff = ctx.raw('SECURE_CONTENT_TYPE_NOSNIFF');
    const middleware = ctx.raw('MIDDLEWARE');
    if (!nosniff || !nosniff.known || nosniff.value === true) return [];
    if (!middleware || !middleware.known || !Array.isArray(middleware.value)) return [];
    if (!middleware.value.includes(SECURITY_MIDDLEWARE)) return [];
    const range = ctx.rangeFor(nosniff);
    if (!range) return [];
    const debug = ctx.settings.DEBUG;
    const production = ctx.looksLikeProduction || (debug.known && debug.value === false);
    const fixes: QuickFix[] = [];
    const at = await ctx.originNode(nosniff.origin);
    // Only a literal is replaced: a value read from the environment is the deployment's decision.
    if (at && /^(Boolean|None|Number|String)$/.test(at.node.name)) {
      fixes.push({ title: 'Set SECURE_CONTENT_TYPE_NOSNIFF = True', edits: [editAt(at.src.file, at.src.text, at.node.from, at.node.to, 'True', at.src.starts)], isPreferred: true });
    }
    return [
      {
        range,
        severity: production ? 'warning' : 'information',
        message:
          "Your SECURE_CONTENT_TYPE_NOSNIFF setting is not set to True, so your pages will not be served with an 'X-Content-Type-Options: nosniff' header. " +
          'Set it to True (Django\'s default): without it a browser may treat an uploaded file as HTML or script.',
        fixes,
      },
    ];
  },
};
