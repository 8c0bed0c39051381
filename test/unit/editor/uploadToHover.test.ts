import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderUploadToHover, sameModuleUploadTo, uploadFolderContent, uploadToAt } from '../../../src/core/editor/uploadToHover';
import { compileMediaExclude, DEFAULT_MEDIA_EXCLUDE } from '../../../src/core/mediaIndex';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const ROOT = '/site/media';

describe('upload_to hover', () => {
  const line = "    cover = models.ImageField(upload_to='photos/%Y/%m/', blank=True)";
  it('finds the argument under the cursor, with its string or callable', () => {
    const col = line.indexOf('upload_to') + 1;
    assert.deepEqual(uploadToAt(line, col + 3), { column: col, endColumn: col + "upload_to='photos/%Y/%m/'".length, value: 'photos/%Y/%m/', callable: null });
    assert.equal(uploadToAt(line, line.indexOf('blank') + 2), undefined);
    assert.deepEqual(uploadToAt('f = FileField(upload_to=avatar_path)', 20)?.callable, 'avatar_path');
    assert.equal(uploadToAt('f = FileField(upload_to=f"a/{x}")', 20)?.value, null);
  });

  it('shows what the folder holds now: count, size, the first names', async () => {
    const fs = new MemoryFileSystem()
      .file(`${ROOT}/photos/2024/05/b.jpg`, { size: 1000 })
      .file(`${ROOT}/photos/2024/05/a.jpg`, { size: 24 })
      .file(`${ROOT}/photos/2023/12/c.jpg`, { size: 2048 })
      .file(`${ROOT}/photos/.gitkeep`)
      .file(`${ROOT}/other/x.txt`);
    const content = await uploadFolderContent(fs, ROOT, 'photos/', { exclude: compileMediaExclude(DEFAULT_MEDIA_EXCLUDE), limits: { names: 2 } });
    assert.deepEqual(content, { kind: 'listed', files: 3, bytes: 3072, sized: 3, names: ['2023/12/c.jpg', '2024/05/a.jpg'] });
    const md = renderUploadToHover(uploadToAt(line, 35)!, { folder: 'photos/', mediaRoot: ROOT }, content);
    assert.equal(
      md,
      [
        '**upload_to** `photos/%Y/%m/` (strftime: the date of the upload fills in the %-directives)',
        '',
        'Uploads go under `photos/` of MEDIA_ROOT `/site/media`.',
        '',
        'Now: 3 files, 3.0 KB',
        '',
        '- `2023/12/c.jpg`',
        '- `2024/05/a.jpg`',
        '- … 1 more',
      ].join('\n'),
    );
    assert.deepEqual(await uploadFolderContent(fs, ROOT, 'avatars/'), { kind: 'missing' });
    assert.match(renderUploadToHover(uploadToAt(line, 35)!, { folder: 'avatars/', mediaRoot: ROOT }, { kind: 'missing' }), /does not exist yet/);
  });

  it('reads what an upload_to function of the same module returns, and says so', () => {
    const models = [
      'from django.db import models',
      'PREFIX = "avatars"',
      '',
      'def avatar_path(instance, filename):',
      '    return f"{PREFIX}/{instance.pk}/{filename}"',
      '',
      'class Person(models.Model):',
      '    avatar = models.FileField(upload_to=avatar_path)',
    ].join('\n');
    const returned = sameModuleUploadTo('/site/people/models.py', models, 'avatar_path');
    assert.deepEqual(returned, { pattern: 'avatars/{instance.pk}/{filename}', folder: 'avatars/' });
    assert.equal(sameModuleUploadTo('/site/people/models.py', models, 'imported_elsewhere'), undefined);
    const line = '    avatar = models.FileField(upload_to=avatar_path)';
    const md = renderUploadToHover(uploadToAt(line, 32)!, { folder: 'avatars/', mediaRoot: ROOT }, { kind: 'missing' }, returned);
    assert.match(md, /^\*\*upload_to\*\* decided by `avatar_path`: Django calls it with the instance and the file name\n\nIt returns `avatars\/\{instance\.pk\}\/\{filename\}`\.\n\nUploads go under `avatars\/`/);
  });

  it('does not leave MEDIA_ROOT through a folder name with ".."', async () => {
    const fs = new MemoryFileSystem().file('/site/secret/key.txt').file(`${ROOT}/a.txt`);
    const content = await uploadFolderContent(fs, ROOT, '../secret/');
    assert.equal(content.kind === 'listed', false);
  });
});
