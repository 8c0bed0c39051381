import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProjectModel, PyJson, SettingValue } from '../../../src/core/model';
import {
  asStorageName,
  dropFlavorOf,
  findStorageNameMentions,
  fixtureDirsOf,
  formatBytes,
  MediaNameIndex,
  mediaDropText,
  mediaStorageLocation,
  templateMediaSnippet,
} from '../../../src/core/mediaIndex';

const at = (text: string, syntax: Parameters<typeof findStorageNameMentions>[1]) =>
  findStorageNameMentions(text, syntax, '/p/f').map((m) => `${m.range.line}:${m.range.column}-${m.range.endColumn} ${m.storageName}`);

describe('findStorageNameMentions', () => {
  it('finds storage names in Python string literals, not in comments, bytes or f-string fields', () => {
    const py = [
      '# "photos/commented.png"',
      'a = ImageField(default="avatars/default.svg")  # "x/y.png"',
      "b = r'raw/name.jpg'",
      'c = f"thumbs/{name}.png"',
      'd = b"bytes/x.png"',
      'e = """docs/long.pdf"""',
      "f = 'django.contrib.auth'",
      'g = "/media/absolute.png"',
      'h = "./banners/hero.jpg"',
    ].join('\n');
    assert.deepEqual(at(py, 'python'), ['2:25-44 avatars/default.svg', '3:7-19 raw/name.jpg', '6:8-21 docs/long.pdf', '9:6-24 banners/hero.jpg']);
  });

  it('reads JSON, YAML and XML fixtures', () => {
    assert.deepEqual(at('[{"model": "gallery.photo", "fields": {"image": "photos/a\\u0301.png", "title": "Sunset"}}]', 'json'), ['1:50-68 photos/á.png']);
    const yaml = ['- model: gallery.photo', '  fields:', '    image: photos/sunset.png  # the hero', "    thumb: 'thumbs/it''s.jpg'", '    title: Sunset.'].join('\n');
    assert.deepEqual(at(yaml, 'yaml'), ['3:12-29 photos/sunset.png', "4:13-29 thumbs/it's.jpg"]);
    assert.deepEqual(at('<object><field name="image" type="FileField">photos/a&amp;b.png</field></object>', 'xml'), ['1:46-64 photos/a&b.png']);
  });

  it('accepts only strings that look like a stored file', () => {
    assert.equal(asStorageName('photos/sunset.png'), 'photos/sunset.png');
    assert.equal(asStorageName('report.pdf'), 'report.pdf');
    assert.equal(asStorageName('exports/data.parquet'), 'exports/data.parquet');
    for (const no of ['gallery.photo', 'settings.py.bak', 'https://cdn.example.com/a.png', '/abs/a.png', '../up/a.png', 'a/{x}.png', '%(name)s.png', '']) {
      assert.equal(asStorageName(no), undefined, no);
    }
  });

  it('bounds its work on a huge generated text', () => {
    const text = '"a.png",'.repeat(60_000);
    assert.equal(findStorageNameMentions(text, 'json', '/p/f').length, 50_000);
  });
});

describe('snippets', () => {
  it('writes template expressions with the name quoted like storage.url()', () => {
    assert.equal(templateMediaSnippet('photos/my photo.png', 'media-url-variable'), '{{ MEDIA_URL }}photos/my%20photo.png');
    assert.equal(templateMediaSnippet('photos/a.png', 'media-prefix-tag'), '{% get_media_prefix %}photos/a.png');
  });

  it('fits the dropped text to the language', () => {
    assert.equal(dropFlavorOf('django-html'), 'html');
    assert.equal(dropFlavorOf('markdown'), 'markdown');
    assert.equal(dropFlavorOf('python'), 'plain');
    assert.equal(mediaDropText('html', '/media/photos/sunset_over-bay.png', 'photos/sunset_over-bay.png'), '<img src="/media/photos/sunset_over-bay.png" alt="sunset over bay">');
    assert.equal(mediaDropText('html', '/media/docs/a.pdf', 'docs/a.pdf'), '<a href="/media/docs/a.pdf">a.pdf</a>');
    assert.equal(mediaDropText('html', '/media/v.mp4', 'v.mp4'), '<video src="/media/v.mp4" controls></video>');
    assert.equal(mediaDropText('markdown', '/media/a%20(1).png', 'a (1).png'), '![a (1)](</media/a%20(1).png>)');
    assert.equal(mediaDropText('markdown', '/media/d/[x].pdf', 'd/[x].pdf'), '[\\[x\\].pdf](/media/d/[x].pdf)');
    assert.equal(mediaDropText('plain', 'https://cdn.example.com/m/a.png', 'a.png'), 'https://cdn.example.com/m/a.png');
  });

  it('never drops Django or Jinja template syntax from a file name or MEDIA_URL into a template', () => {
    const html = mediaDropText('html', '/media/{{ x }}/%7B%25%20debug%20%25%7D.png', '{{ x }}/{% debug %}{# c #}.png');
    assert.equal(html, '<img src="/media/&#123;&#123; x &#125;&#125;/%7B%25%20debug%20%25%7D.png" alt="&#123;% debug %&#125;&#123;# c #&#125;">');
    assert.doesNotMatch(html, /\{[{%#]|[}%#]\}/);
    assert.doesNotMatch(mediaDropText('html', '/media/{%x%}.pdf', '{%x%}.pdf'), /\{%/);
  });

  it('formats sizes like VS Code', () => {
    assert.deepEqual([0, 1023, 1024, 1536, 10 * 1024 * 1024, 3.5 * 1024 ** 3].map(formatBytes), ['0 B', '1023 B', '1.0 KB', '1.5 KB', '10 MB', '3.5 GB']);
  });
});

describe('MediaNameIndex', () => {
  const index = new MediaNameIndex();
  index.add(['photos/sunset.png', 'photos/2024/sunset-2.png', 'sunsets/readme.txt', 'banners/hero.jpg', 'avatars/default.svg']);

  it('ranks file-name matches before folder matches, prefixes first', () => {
    assert.deepEqual(index.search('sunset', 10).map((m) => m.storageName), ['photos/sunset.png', 'photos/2024/sunset-2.png', 'sunsets/readme.txt']);
    assert.deepEqual(index.search('photos png', 10).map((m) => m.storageName), ['photos/sunset.png', 'photos/2024/sunset-2.png']);
  });

  it('falls back to letters in order, and caps the results', () => {
    assert.deepEqual(index.search('hrjpg', 5).map((m) => m.storageName), ['banners/hero.jpg']);
    assert.equal(index.search('', 2).length, 2);
    assert.deepEqual(index.search('zzz', 5), []);
  });
});

function model(settings: Record<string, SettingValue<unknown>>, raw: Record<string, PyJson> = {}): Pick<ProjectModel, 'settings' | 'raw' | 'project'> {
  const known = <T>(value: T) => ({ known: true as const, value });
  return {
    project: { root: '/site', managePy: '/site/manage.py', name: 'site' },
    settings: {
      DEBUG: known(true),
      MEDIA_ROOT: known('/site/media'),
      MEDIA_URL: known('/media/'),
      STATIC_URL: known('/static/'),
      STATIC_ROOT: known(null),
      STATICFILES_DIRS: known([]),
      DEFAULT_STORAGE: known('django.core.files.storage.FileSystemStorage'),
      FORCE_SCRIPT_NAME: known(null),
      ROOT_URLCONF: known(null),
      INSTALLED_APPS: known([]),
      ...settings,
    } as ProjectModel['settings'],
    raw: (name: string) => (name in raw ? { known: true, value: raw[name]! } : undefined),
  };
}

describe('mediaStorageLocation', () => {
  it('is MEDIA_ROOT for file-system storage', () => {
    assert.deepEqual(mediaStorageLocation(model({ MEDIA_ROOT: { known: true, value: '/site/media/' } })), {
      kind: 'local', mediaRoot: '/site/media', mediaUrl: '/media/', backend: 'django.core.files.storage.FileSystemStorage',
    });
  });

  it('names the service, bucket and domain of a remote storage from either settings style', () => {
    const legacy = mediaStorageLocation(model(
      { DEFAULT_STORAGE: { known: true, value: 'storages.backends.s3boto3.S3Boto3Storage' } },
      { AWS_STORAGE_BUCKET_NAME: 'photos-prod', AWS_S3_CUSTOM_DOMAIN: 'cdn.example.com' },
    ));
    assert.equal(legacy.kind, 'remote');
    assert.ok(legacy.kind === 'remote');
    assert.match(legacy.service, /Amazon S3/);
    assert.deepEqual(legacy.facts.map((f) => `${f.label}=${f.value} (${f.setting})`), [
      'Bucket=photos-prod (AWS_STORAGE_BUCKET_NAME)',
      'Custom domain=cdn.example.com (AWS_S3_CUSTOM_DOMAIN)',
    ]);
    const modern = mediaStorageLocation(model(
      { DEFAULT_STORAGE: { known: true, value: 'storages.backends.azure_storage.AzureStorage' } },
      { STORAGES: { default: { BACKEND: 'storages.backends.azure_storage.AzureStorage', OPTIONS: { azure_container: 'media', account_name: 'acme' } } } },
    ));
    assert.ok(modern.kind === 'remote');
    assert.match(modern.service, /Azure/);
    assert.deepEqual(modern.facts.map((f) => `${f.label}=${f.value}`), ['Container=media', 'Account=acme']);
  });

  it('is honest when it cannot tell', () => {
    assert.equal(mediaStorageLocation(model({ DEFAULT_STORAGE: { known: true, value: 'django.core.files.storage.InMemoryStorage' } })).kind, 'memory');
    const unknown = mediaStorageLocation(model({ MEDIA_ROOT: { known: false, value: null, reason: 'os.environ["MEDIA_DIR"] is not set' } }));
    assert.deepEqual(unknown, { kind: 'unknown', reason: 'MEDIA_ROOT is unknown: os.environ["MEDIA_DIR"] is not set', setting: 'MEDIA_ROOT' });
    assert.match((mediaStorageLocation(model({ MEDIA_ROOT: { known: true, value: '' } })) as { reason: string }).reason, /not set/);
  });

  it('resolves FIXTURE_DIRS against the project', () => {
    assert.deepEqual(fixtureDirsOf(model({}, { FIXTURE_DIRS: ['/abs/fx', 'rel/fx', 3] })), ['/abs/fx', '/site/rel/fx']);
  });
});
