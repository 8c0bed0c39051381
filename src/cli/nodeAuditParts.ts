import type { UploadsAuditParts } from '../core/uploads/projectUploadsAudit';

/**
 * The audit's parts under node: the models catalogue, the database target, sql.js with its wasm
 * read from the package, PostgreSQL through src/node. Undefined while this build lacks them (they
 * are merged from their own branches).
 */
export function nodeAuditParts(): UploadsAuditParts | undefined {
  return undefined;
}
