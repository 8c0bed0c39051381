/**
 * The Python parser of the evaluator and the checks: a patched build of @lezer/python's grammar
 * (python.grammar beside this file) that accepts what CPython 3.8–3.13 accepts.
 */
export { parser } from './parser';
