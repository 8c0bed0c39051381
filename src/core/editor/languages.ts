import { languageOfFile, type ReferenceLanguage } from '../media/findMediaReferences';

const BY_LANGUAGE_ID: Record<string, ReferenceLanguage> = {
  'html': 'html',
  'django-html': 'django-html',
  'django-txt': 'django-html',
  'jinja': 'jinja',
  'jinja-html': 'jinja',
  'jinja2': 'jinja',
  'python': 'python',
  'css': 'css',
  'scss': 'css',
  'less': 'css',
  'sass': 'css',
  'javascript': 'javascript',
  'typescript': 'javascript',
  'javascriptreact': 'javascript',
  'typescriptreact': 'javascript',
  'vue': 'javascript',
  'svelte': 'javascript',
  'markdown': 'markdown',
  'plaintext': 'text',
};

/**
 * How to scan a document, from the editor's language id and the file's path: an HTML file inside a
 * "templates" folder is a Django template (no Django language extension needed); a language the user
 * added (djangoMedia.languages) is scanned by its file extension, else as plain text.
 */
export function referenceLanguageOf(languageId: string, path: string): ReferenceLanguage {
  const byId = BY_LANGUAGE_ID[languageId];
  const byPath = languageOfFile(path);
  if (byId === 'html' && byPath === 'django-html') return 'django-html';
  if (byId === 'text' && byPath) return byPath;
  return byId ?? byPath ?? 'text';
}
