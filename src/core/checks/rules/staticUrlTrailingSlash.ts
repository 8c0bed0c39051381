import type { Rule } from '../rule';
import { checkTrailingSlash } from './mediaUrlTrailingSlash';

/** urls.E006 for STATIC_URL. */
export const staticUrlTrailingSlash: Rule = {
  code: 'static-url.missing-trailing-slash',
  defaultSeverity: 'error',
  djangoCheck: 'urls.E006',
  inputs: [],
  description: 'STATIC_URL does not end with a slash (Django: "The STATIC_URL setting must end with a slash.").',
  fix: 'Add the trailing slash to the string literal.',
  run: (ctx) => checkTrailingSlash(ctx, 'STATIC_URL'),
};
