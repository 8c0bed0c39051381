import type { UploadTo } from './types';

/**
 * upload_to in words, for the CLI, the Models view and the hover: the string as written (strftime
 * patterns kept), "decided by <function>" for a callable (with the name pattern it returns when that
 * is known), "" for none (Django's default: the storage's root).
 */
export function uploadToText(uploadTo: UploadTo): string {
  switch (uploadTo.kind) {
    case 'none':
      return '';
    case 'string':
      return uploadTo.value;
    case 'callable':
      return `decided by ${uploadTo.functionName}${uploadTo.pattern !== null ? ` (returns "${uploadTo.pattern}")` : ''}`;
    case 'unknown':
      return `unknown: ${uploadTo.reason}`;
  }
}
