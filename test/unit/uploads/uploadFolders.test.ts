import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { callableFolder, matchesUploadTo, stringUploadTo, uploadFolderOf } from '../../../src/core/uploads/uploadFolders';
import type { UploadTo } from '../../../src/core/uploads/types';

const callable = (pattern: string | null, folder = pattern === null ? null : callableFolder(pattern)): UploadTo => ({
  kind: 'callable',
  functionName: 'upload',
  pattern,
  folder,
});

describe('stringUploadTo', () => {
  it('takes the literal part before the first strftime directive as the folder', () => {
    assert.deepEqual(stringUploadTo('photos/%Y/%m/'), { kind: 'string', value: 'photos/%Y/%m/', strftime: true, folder: 'photos/' });
    assert.deepEqual(stringUploadTo('photos/img_%Y'), { kind: 'string', value: 'photos/img_%Y', strftime: true, folder: 'photos/' });
    assert.deepEqual(stringUploadTo('%Y/%m'), { kind: 'string', value: '%Y/%m', strftime: true, folder: '' });
  });

  it('makes a plain string a "/"-terminated folder, as posixpath.join does', () => {
    assert.equal(stringUploadTo('docs').folder, 'docs/');
    assert.equal(stringUploadTo('docs/').folder, 'docs/');
    assert.equal(stringUploadTo('./docs//2024/').folder, 'docs/2024/');
    assert.equal(stringUploadTo('').folder, '');
    assert.equal(stringUploadTo('docs').strftime, false);
  });

  it('reads "%%" as a literal percent sign, not a directive', () => {
    assert.deepEqual(stringUploadTo('100%%/files'), { kind: 'string', value: '100%%/files', strftime: false, folder: '100%/files/' });
    assert.equal(stringUploadTo('100%%/%Y').folder, '100%/');
  });
});

describe('callableFolder', () => {
  it('is the literal prefix up to the last "/" before the first placeholder', () => {
    assert.equal(callableFolder('avatars/{instance.pk}/{filename}'), 'avatars/');
    assert.equal(callableFolder('media/user_{instance.user_id}/{filename}'), 'media/');
    assert.equal(callableFolder('docs/report.pdf'), 'docs/');
    assert.equal(callableFolder('file_{x}.png'), '');
  });

  it('is null when the pattern starts with a placeholder', () => {
    assert.equal(callableFolder('{instance.folder}/{filename}'), null);
  });
});

describe('uploadFolderOf', () => {
  it('gives the storage root for no upload_to, the folder otherwise, null when unknown', () => {
    assert.equal(uploadFolderOf({ kind: 'none' }), '');
    assert.equal(uploadFolderOf(stringUploadTo('photos/%Y/')), 'photos/');
    assert.equal(uploadFolderOf(callable('avatars/{instance.pk}/{filename}')), 'avatars/');
    assert.equal(uploadFolderOf(callable(null)), null);
    assert.equal(uploadFolderOf({ kind: 'unknown', reason: 'a call' }), null);
    assert.equal(uploadFolderOf(stringUploadTo('/covers/')), null, 'an absolute upload_to leaves the storage');
    assert.equal(uploadFolderOf(stringUploadTo('../up/')), null);
  });
});

describe('matchesUploadTo', () => {
  it('matches strftime expansions directive by directive', () => {
    const u = stringUploadTo('photos/%Y/%m/%d/');
    assert.equal(matchesUploadTo(u, 'photos/2024/05/31/a.png'), true);
    assert.equal(matchesUploadTo(u, 'photos/2024/5/31/a.png'), false, '%m is two digits');
    assert.equal(matchesUploadTo(u, 'photos/24/05/31/a.png'), false, '%Y is four digits');
    assert.equal(matchesUploadTo(u, 'photos/2024/05/a.png'), false, 'one level short');
    assert.equal(matchesUploadTo(u, 'photos/2024/05/31/x/a.png'), false, 'one level too deep');
    assert.equal(matchesUploadTo(stringUploadTo('logs/%H-%M-%S'), 'logs/08-30-59/run.txt'), true);
    assert.equal(matchesUploadTo(stringUploadTo('logs/%F'), 'logs/2024-05-31/run.txt'), true);
    assert.equal(matchesUploadTo(stringUploadTo('logs/%j'), 'logs/152/run.txt'), true);
    assert.equal(matchesUploadTo(stringUploadTo('logs/%j'), 'logs/15/run.txt'), false);
  });

  it('cannot tell for locale-dependent directives that may hold "/"', () => {
    assert.equal(matchesUploadTo(stringUploadTo('logs/%x/'), 'logs/05/31/24/a.txt'), null);
    assert.equal(matchesUploadTo(stringUploadTo('logs/%-d/'), 'logs/5/a.txt'), null);
  });

  it('matches names directly in a plain folder', () => {
    const u = stringUploadTo('docs/');
    assert.equal(matchesUploadTo(u, 'docs/a.pdf'), true);
    assert.equal(matchesUploadTo(u, 'docs/old/a.pdf'), false);
    assert.equal(matchesUploadTo(u, 'documents/a.pdf'), false);
    assert.equal(matchesUploadTo(u, 'a.pdf'), false);
    assert.equal(matchesUploadTo(stringUploadTo('docs'), 'docs/a.pdf'), true);
    assert.equal(matchesUploadTo(stringUploadTo('a.b'), 'aXb/c.txt'), false, 'dots are literal');
  });

  it('puts files without upload_to at the storage root', () => {
    assert.equal(matchesUploadTo({ kind: 'none' }, 'a.png'), true);
    assert.equal(matchesUploadTo({ kind: 'none' }, 'photos/a.png'), false);
    assert.equal(matchesUploadTo(stringUploadTo(''), 'a.png'), true);
  });

  it('matches a callable pattern by the folders of its literal prefix, placeholders matching anything', () => {
    const u = callable('avatars/{instance.pk}/{filename}');
    assert.equal(matchesUploadTo(u, 'avatars/7/me.png'), true);
    assert.equal(matchesUploadTo(u, 'avatars/me.png'), true, 'an empty placeholder leaves its folder level out (normpath)');
    assert.equal(matchesUploadTo(u, 'photos/7/me.png'), false);
    assert.equal(matchesUploadTo(u, 'avatars_old/7/me.png'), false);
    const v = callable('users/user_{instance.user_id}/{uuid}.{ext}');
    assert.equal(matchesUploadTo(v, 'users/user_3/0f3a.png'), true);
    assert.equal(matchesUploadTo(v, 'users/3/0f3a.png'), false);
    assert.equal(matchesUploadTo(callable('docs/report.pdf'), 'docs/report_AbC1234.pdf'), true, 'the folder decides, not the file name');
    assert.equal(matchesUploadTo(callable('report.pdf'), 'report.pdf'), true);
    assert.equal(matchesUploadTo(callable('report.pdf'), 'docs/report.pdf'), false);
  });

  it('matches by folder alone when the callable returns different patterns with a common folder', () => {
    const u = callable(null, 'exports/');
    assert.equal(matchesUploadTo(u, 'exports/2024/a.csv'), true);
    assert.equal(matchesUploadTo(u, 'imports/a.csv'), false);
  });

  it('cannot tell for unknown upload_to, unknown callables and absolute paths', () => {
    assert.equal(matchesUploadTo({ kind: 'unknown', reason: 'x' }, 'a.png'), null);
    assert.equal(matchesUploadTo(callable(null), 'a.png'), null);
    assert.equal(matchesUploadTo(stringUploadTo('/srv/uploads'), 'srv/uploads/a.png'), null);
    assert.equal(matchesUploadTo(callable('/srv/{filename}'), 'srv/a.png'), null);
    assert.equal(matchesUploadTo(callable('../{filename}'), 'a.png'), null);
    assert.equal(matchesUploadTo(callable('{instance.path}'), 'a/b/c.png'), null, 'a placeholder may hold a whole path');
    assert.equal(matchesUploadTo(callable('{filename}'), 'a.png'), null);
  });
});
