import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import { modelCatalogue } from '../../../src/core/uploads/modelCatalogue';
import type { FileFieldInfo, ModelCatalogue } from '../../../src/core/uploads/types';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const WS = '/ws';
const MANAGE = `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")\n`;

/** A settings module installing `apps` (a Python expression when a string). */
function settings(apps: string[] | string): string {
  const list = typeof apps === 'string' ? apps : `[${apps.map((a) => JSON.stringify(a)).join(', ')}]`;
  return `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nINSTALLED_APPS = ${list}\nMEDIA_ROOT = BASE_DIR / "media"\nMEDIA_URL = "/media/"\n`;
}

/** A project at /ws with `files` (paths relative to /ws) and the given INSTALLED_APPS. */
function project(apps: string[] | string, files: Record<string, string>): MemoryFileSystem {
  const fs = new MemoryFileSystem({ [`${WS}/manage.py`]: MANAGE, [`${WS}/site_config/__init__.py`]: '', [`${WS}/site_config/settings.py`]: settings(apps) });
  for (const [path, text] of Object.entries(files)) fs.write(`${WS}/${path}`, text);
  return fs;
}

async function catalogueOf(fs: MemoryFileSystem, token?: { aborted: boolean }): Promise<ModelCatalogue> {
  const model = await analyzeProject(fs, { root: WS, managePy: `${WS}/manage.py`, name: 'ws' });
  return modelCatalogue(fs, model, token ? { token } : {});
}

/** The fields as "app.Model.field" -> the properties asked for. */
function pick<K extends keyof FileFieldInfo>(c: ModelCatalogue, ...keys: K[]): Record<string, Pick<FileFieldInfo, K>> {
  const out: Record<string, Pick<FileFieldInfo, K>> = {};
  for (const f of c.fields) {
    const v = {} as Pick<FileFieldInfo, K>;
    for (const k of keys) v[k] = f[k];
    out[`${f.app}.${f.model}.${f.field}`] = v;
  }
  return out;
}

function field(c: ModelCatalogue, key: string): FileFieldInfo {
  const f = c.fields.find((x) => `${x.app}.${x.model}.${x.field}` === key);
  assert.ok(f, `no field ${key}; have ${c.fields.map((x) => `${x.app}.${x.model}.${x.field}`).join(', ')}`);
  return f;
}

const IMPORTS = 'from django.db import models\n';

describe('modelCatalogue: which fields are file fields', () => {
  it('finds FileField and ImageField however models are imported, and nothing else', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': `from django.db import models as m\nfrom django.db.models import ImageField\nimport django.db.models\n\nclass Item(m.Model):\n    name = m.CharField(max_length=10)\n    manual = m.FileField(upload_to="manuals/")\n    photo = ImageField(upload_to="items/")\n    scan = django.db.models.FileField()\n    link = m.URLField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'fieldClass', 'table', 'column', 'pkColumn'), {
      'shop.Item.manual': { fieldClass: 'django.db.models.FileField', table: 'shop_item', column: 'manual', pkColumn: 'id' },
      'shop.Item.photo': { fieldClass: 'django.db.models.ImageField', table: 'shop_item', column: 'photo', pkColumn: 'id' },
      'shop.Item.scan': { fieldClass: 'django.db.models.FileField', table: 'shop_item', column: 'scan', pkColumn: 'id' },
    });
    assert.deepEqual(c.notes, []);
  });

  it('follows a project-defined subclass of ImageField in another module, through relative imports', async () => {
    const fs = project(['people'], {
      'people/__init__.py': '',
      'people/fields.py': `${IMPORTS}\nclass AvatarField(models.ImageField):\n    pass\n\nclass RoundAvatarField(AvatarField):\n    pass\n`,
      'people/models.py': `${IMPORTS}from .fields import RoundAvatarField\n\nclass Person(models.Model):\n    face = RoundAvatarField(upload_to="faces/")\n`,
    });
    const c = await catalogueOf(fs);
    assert.equal(field(c, 'people.Person.face').fieldClass, 'people.fields.RoundAvatarField');
    assert.deepEqual(field(c, 'people.Person.face').uploadTo, { kind: 'string', value: 'faces/', strftime: false, folder: 'faces/' });
  });

  it('says a subclass whose __init__ or generate_filename may move files leaves upload_to unknown', async () => {
    const fs = project(['people'], {
      'people/__init__.py': '',
      'people/models.py': `${IMPORTS}\nclass Defaulted(models.FileField):\n    def __init__(self, *args, **kwargs):\n        kwargs.setdefault("upload_to", "defaults/")\n        super().__init__(*args, **kwargs)\n\nclass Renamed(models.FileField):\n    def generate_filename(self, instance, filename):\n        return "x/" + filename\n\nclass Person(models.Model):\n    a = Defaulted()\n    b = Renamed(upload_to="b/")\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(field(c, 'people.Person.a').uploadTo, { kind: 'unknown', reason: 'Defaulted.__init__ may set upload_to' });
    assert.deepEqual(field(c, 'people.Person.b').uploadTo, { kind: 'unknown', reason: 'Renamed.generate_filename decides the file names' });
  });

  it('knows easy-thumbnails, imagekit and sorl fields and the renditions they derive', async () => {
    const fs = project(['media_app'], {
      'media_app/__init__.py': '',
      'media_app/models.py': `${IMPORTS}from easy_thumbnails.fields import ThumbnailerImageField, ThumbnailerField\nfrom imagekit.models import ProcessedImageField, ImageSpecField\nfrom sorl.thumbnail import ImageField as SorlImageField\n\nclass Gallery(models.Model):\n    hero = ThumbnailerImageField(upload_to="heroes/")\n    doc = ThumbnailerField("doc", None, "docs/")\n    processed = ProcessedImageField(upload_to="processed/")\n    original = models.ImageField(upload_to="originals/")\n    original_thumb = ImageSpecField(source="original")\n    sorl = SorlImageField(upload_to="sorl/")\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'fieldClass', 'renditions'), {
      'media_app.Gallery.doc': { fieldClass: 'easy_thumbnails.fields.ThumbnailerField', renditions: 'easy-thumbnails' },
      'media_app.Gallery.hero': { fieldClass: 'easy_thumbnails.fields.ThumbnailerImageField', renditions: 'easy-thumbnails' },
      'media_app.Gallery.original': { fieldClass: 'django.db.models.ImageField', renditions: 'imagekit' },
      'media_app.Gallery.processed': { fieldClass: 'imagekit.models.ProcessedImageField', renditions: undefined },
      'media_app.Gallery.sorl': { fieldClass: 'sorl.thumbnail.ImageField', renditions: 'sorl-thumbnail' },
    });
    assert.equal(c.fields.some((f) => f.field === 'original_thumb'), false, 'ImageSpecField is not a column');
    assert.deepEqual(field(c, 'media_app.Gallery.doc').uploadTo, { kind: 'string', value: 'docs/', strftime: false, folder: 'docs/' });
  });

  it('resolves Django names brought in by "from django.db.models import *"', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': 'from django.db.models import *\n\nclass Item(Model):\n    photo = ImageField(upload_to="items/")\n',
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'fieldClass', 'table'), { 'shop.Item.photo': { fieldClass: 'django.db.models.ImageField', table: 'shop_item' } });
    assert.deepEqual(c.notes, []);
  });

  it('notes a field class from another package that may store files, without cataloguing it', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': `${IMPORTS}from cloudinary.models import CloudinaryImageField\n\nclass Item(models.Model):\n    picture = CloudinaryImageField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(c.fields, []);
    assert.match(c.notes.map((n) => n.message).join('\n'), /Item\.picture: cloudinary\.models\.CloudinaryImageField comes from outside the project/);
    assert.equal(c.gaps?.length, 1, 'its rows are not read: no file may be called an orphan');
  });

  it('has gaps when an installed app from outside the project may have file fields, none for apps known to have none', async () => {
    const files = { 'shop/__init__.py': '', 'shop/models.py': `${IMPORTS}\nclass Item(models.Model):\n    f = models.FileField()\n` };
    const known = await catalogueOf(project(['django.contrib.auth', 'rest_framework', 'taggit.apps.TaggitAppConfig', 'easy_thumbnails', 'shop'], files));
    assert.deepEqual(known.gaps, []);
    const unknown = await catalogueOf(project(['django.contrib.auth', 'wagtail.images', 'filer', 'shop'], files));
    assert.deepEqual(unknown.gaps, ['The rows of apps outside the project that may have file fields are not read: wagtail.images, filer.']);
    assert.deepEqual(Object.keys(pick(unknown, 'table')), ['shop.Item.f'], 'the project\'s own fields are still catalogued');
  });
});

describe('modelCatalogue: tables, columns and primary keys', () => {
  it('uses Meta.db_table, db_column, Meta.app_label and the AppConfig label', async () => {
    const fs = project(['shop.apps.ShopConfig', 'blog'], {
      'shop/__init__.py': '',
      'shop/apps.py': 'from django.apps import AppConfig\n\nclass ShopConfig(AppConfig):\n    name = "shop"\n    label = "store"\n',
      'shop/models.py': `${IMPORTS}\nclass Item(models.Model):\n    photo = models.ImageField(db_column="photo_path")\n\nclass Legacy(models.Model):\n    scan = models.FileField()\n    class Meta:\n        db_table = "old_scans"\n\nclass Borrowed(models.Model):\n    doc = models.FileField()\n    class Meta:\n        app_label = "blog"\n`,
      'blog/__init__.py': '',
      'blog/apps.py': 'from django.apps import AppConfig\n\nclass BlogConfig(AppConfig):\n    name = "blog"\n    label = "journal"\n',
      'blog/models.py': `${IMPORTS}\nclass Post(models.Model):\n    cover = models.ImageField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table', 'column'), {
      'blog.Borrowed.doc': { table: 'blog_borrowed', column: 'doc' },
      'journal.Post.cover': { table: 'journal_post', column: 'cover' },
      'store.Item.photo': { table: 'store_item', column: 'photo_path' },
      'store.Legacy.scan': { table: 'old_scans', column: 'scan' },
    });
  });

  it('takes the label of the one AppConfig an app installed by module name defines, unless default = False', async () => {
    const fs = project(['blog', 'wiki'], {
      'blog/__init__.py': '',
      'blog/apps.py': 'from django.apps import AppConfig\n\nclass BlogConfig(AppConfig):\n    name = "blog"\n    label = "journal"\n',
      'blog/models.py': `${IMPORTS}\nclass Post(models.Model):\n    cover = models.ImageField()\n`,
      'wiki/__init__.py': '',
      'wiki/apps.py': 'from django.apps import AppConfig\n\nclass WikiConfig(AppConfig):\n    name = "wiki"\n    label = "pages"\n    default = False\n',
      'wiki/models.py': `${IMPORTS}\nclass Page(models.Model):\n    image = models.ImageField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(Object.keys(pick(c, 'table')), ['journal.Post.cover', 'wiki.Page.image']);
  });

  it('finds the primary key: primary_key=True (a relation gets "_id"), a parent link, "<parent>_ptr_id"', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': `${IMPORTS}\nclass Product(models.Model):\n    sku = models.CharField(max_length=9, primary_key=True, db_column="SKU")\n    photo = models.ImageField()\n\nclass Profile(models.Model):\n    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, primary_key=True)\n    avatar = models.ImageField()\n\nclass Book(Product):\n    scan = models.FileField()\n\nclass Ebook(Product):\n    base = models.OneToOneField(Product, on_delete=models.CASCADE, parent_link=True)\n    file = models.FileField()\n\nclass BookProxy(Book):\n    class Meta:\n        proxy = True\n\nclass Audiobook(BookProxy):\n    audio = models.FileField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table', 'pkColumn'), {
      'shop.Audiobook.audio': { table: 'shop_audiobook', pkColumn: 'book_ptr_id' },
      'shop.Book.scan': { table: 'shop_book', pkColumn: 'product_ptr_id' },
      'shop.Ebook.file': { table: 'shop_ebook', pkColumn: 'base_id' },
      'shop.Product.photo': { table: 'shop_product', pkColumn: 'SKU' },
      'shop.Profile.avatar': { table: 'shop_profile', pkColumn: 'user_id' },
    });
  });

  it('copies fields of abstract bases (also from another app and module) into each child, and skips abstract and proxy models', async () => {
    const fs = project(['blog', 'shop'], {
      'core/__init__.py': '',
      'core/bases.py': `${IMPORTS}\nclass Attached(models.Model):\n    attachment = models.FileField(upload_to="attachments/")\n    thumb = models.ImageField(upload_to="thumbs/")\n    class Meta:\n        abstract = True\n\nclass Keyed(models.Model):\n    key = models.UUIDField(primary_key=True)\n    class Meta:\n        abstract = True\n`,
      'blog/__init__.py': '',
      'blog/models.py': `${IMPORTS}from core import bases\n\nclass Post(bases.Attached, bases.Keyed):\n    thumb = None\n\nclass PostProxy(Post):\n    class Meta:\n        proxy = True\n`,
      'shop/__init__.py': '',
      'shop/models.py': `${IMPORTS}from core.bases import Attached\n\nclass Item(Attached):\n    attachment = models.FileField(upload_to="manuals/")\n    class Meta(Attached.Meta):\n        db_table = "items"\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table', 'pkColumn', 'uploadTo'), {
      'blog.Post.attachment': { table: 'blog_post', pkColumn: 'key', uploadTo: { kind: 'string', value: 'attachments/', strftime: false, folder: 'attachments/' } },
      'shop.Item.attachment': { table: 'items', pkColumn: 'id', uploadTo: { kind: 'string', value: 'manuals/', strftime: false, folder: 'manuals/' } },
      'shop.Item.thumb': { table: 'items', pkColumn: 'id', uploadTo: { kind: 'string', value: 'thumbs/', strftime: false, folder: 'thumbs/' } },
    });
    assert.equal(field(c, 'blog.Post.attachment').range.file, `${WS}/core/bases.py`, 'an inherited field points at its declaration');
    assert.deepEqual(c.notes, []);
  });

  it('inherits Meta.db_table from an abstract base without its own Meta, never from a concrete parent', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': `${IMPORTS}\nclass Base(models.Model):\n    class Meta:\n        abstract = True\n        db_table = "shared"\n\nclass A(Base):\n    f = models.FileField()\n\nclass Parent(models.Model):\n    g = models.FileField()\n    class Meta:\n        db_table = "parents"\n\nclass Child(Parent):\n    h = models.FileField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table'), { 'shop.A.f': { table: 'shared' }, 'shop.Child.h': { table: 'shop_child' }, 'shop.Parent.g': { table: 'parents' } });
  });

  it('catalogues unmanaged models (they still have a table)', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': `${IMPORTS}\nclass View(models.Model):\n    f = models.FileField()\n    class Meta:\n        managed = False\n        db_table = "a_view"\n`,
    });
    assert.deepEqual(pick(await catalogueOf(fs), 'table'), { 'shop.View.f': { table: 'a_view' } });
  });

  it('notes a model whose base is computed at run time, and still catalogues its fields', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': `${IMPORTS}from shop.factory import make_base\n\nBase = make_base()\n\nclass Item(Base):\n    f = models.FileField(upload_to="f/")\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table'), { 'shop.Item.f': { table: 'shop_item' } });
    assert.match(c.notes[0]!.message, /^Item derives from Base, which the catalogue cannot follow/);
  });

  it('notes a model whose base comes from a package outside the project', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': `${IMPORTS}from model_utils.models import TimeStampedModel\n\nclass Item(TimeStampedModel):\n    f = models.FileField(upload_to="f/")\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table', 'pkColumn'), { 'shop.Item.f': { table: 'shop_item', pkColumn: 'id' } });
    assert.match(c.notes[0]!.message, /^Item derives from TimeStampedModel, which the catalogue cannot follow/);
  });
});

describe('modelCatalogue: upload_to, storage, null and blank', () => {
  async function uploadTo(fn: string, field = 'models.FileField(upload_to=path)'): Promise<FileFieldInfo['uploadTo']> {
    const fs = project(['app'], {
      'app/__init__.py': '',
      'app/models.py': `import os\nimport uuid\n${IMPORTS}\nFOLDER = "exports"\n\n${fn}\n\nclass Thing(models.Model):\n    f = ${field}\n`,
    });
    const u = field_(await catalogueOf(fs));
    if (u.kind === 'callable') delete u.range;
    return u;
  }
  const field_ = (c: ModelCatalogue): FileFieldInfo['uploadTo'] => field(c, 'app.Thing.f').uploadTo;
  const callable = (functionName: string, pattern: string | null, folder: string | null): FileFieldInfo['uploadTo'] => ({ kind: 'callable', functionName, pattern, folder });

  it('reads the pattern an upload function returns: f-string, format, %, os.path.join, concatenation', async () => {
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return f"avatars/{instance.user_id}/{filename}"'), callable('path', 'avatars/{instance.user_id}/{filename}', 'avatars/'));
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return "docs/{}/{}".format(instance.pk, filename)'), callable('path', 'docs/{instance.pk}/{filename}', 'docs/'));
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return "docs/{pk}/{name}".format(pk=instance.pk, name=filename)'), callable('path', 'docs/{instance.pk}/{filename}', 'docs/'));
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return "scans/%s/%s" % (instance.pk, filename)'), callable('path', 'scans/{instance.pk}/{filename}', 'scans/'));
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return os.path.join("cv", str(instance.pk), filename)'), callable('path', 'cv/{str(instance.pk)}/{filename}', 'cv/'));
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return "raw/" + filename'), callable('path', 'raw/{filename}', 'raw/'));
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return "/".join([FOLDER, filename])'), callable('path', 'exports/{filename}', 'exports/'));
  });

  it('puts in names the function assigns once and module constants; other values stay placeholders', async () => {
    assert.deepEqual(
      await uploadTo('def path(instance, filename):\n    ext = filename.split(".")[-1]\n    name = f"{uuid.uuid4().hex}.{ext}"\n    return os.path.join(FOLDER, "files", name)'),
      callable('path', 'exports/files/{uuid.uuid4().hex}.{filename.split(".")[-1]}', 'exports/files/'),
    );
    assert.deepEqual(
      await uploadTo('def path(instance, filename):\n    folder = "a"\n    if instance.pk:\n        folder = "b"\n    return f"{folder}/{filename}"'),
      callable('path', '{folder}/{filename}', null),
      'a name assigned twice is not known',
    );
  });

  it('gives the common folder of different returns, and nothing when one return is not understood', async () => {
    assert.deepEqual(
      await uploadTo('def path(instance, filename):\n    if instance.kind == "pdf":\n        return f"exports/pdf/{filename}"\n    return f"exports/csv/{filename}"'),
      callable('path', null, 'exports/'),
    );
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    if instance.kind:\n        return f"a/{filename}"\n    return None'), callable('path', null, null));
    assert.deepEqual(await uploadTo('def path(instance, filename):\n    return instance.storage_path(filename)'), callable('path', '{instance.storage_path(filename)}', null));
  });

  it('reads lambdas, functions imported from another module, and class-body functions', async () => {
    assert.deepEqual(await uploadTo('', 'models.FileField(upload_to=lambda i, f: "l/" + f)'), callable('lambda', 'l/{f}', 'l/'));
    const fs = project(['app'], {
      'app/__init__.py': '',
      'app/uploads.py': 'def by_user(instance, filename):\n    return f"users/{instance.user_id}/{filename}"\n',
      'app/models.py': `${IMPORTS}from app import uploads\nfrom .uploads import by_user as user_path\n\nclass Thing(models.Model):\n    def own(instance, filename):\n        return f"own/{filename}"\n\n    f = models.FileField(upload_to=uploads.by_user)\n    g = models.FileField(upload_to=user_path)\n    h = models.FileField(upload_to=own)\n`,
    });
    const c = await catalogueOf(fs);
    const strip = (u: FileFieldInfo['uploadTo']): unknown => (u.kind === 'callable' ? { ...u, range: u.range?.file } : u);
    assert.deepEqual(strip(field(c, 'app.Thing.f').uploadTo), { ...callable('by_user', 'users/{instance.user_id}/{filename}', 'users/'), range: `${WS}/app/uploads.py` });
    assert.deepEqual(strip(field(c, 'app.Thing.g').uploadTo), { ...callable('by_user', 'users/{instance.user_id}/{filename}', 'users/'), range: `${WS}/app/uploads.py` });
    assert.deepEqual(strip(field(c, 'app.Thing.h').uploadTo), { ...callable('own', 'own/{filename}', 'own/'), range: `${WS}/app/models.py` });
  });

  it('reads strings, strftime patterns, module constants and the positional upload_to', async () => {
    assert.deepEqual(await uploadTo('', 'models.FileField(upload_to="photos/%Y/%m/")'), { kind: 'string', value: 'photos/%Y/%m/', strftime: true, folder: 'photos/' });
    assert.deepEqual(await uploadTo('', 'models.FileField(upload_to=FOLDER)'), { kind: 'string', value: 'exports', strftime: false, folder: 'exports/' });
    assert.deepEqual(await uploadTo('', 'models.FileField("f", "f", "pos/")'), { kind: 'string', value: 'pos/', strftime: false, folder: 'pos/' });
    assert.deepEqual(await uploadTo('', 'models.ImageField("f", "f", "w", "h")'), { kind: 'none' }, 'ImageField takes width_field third');
  });

  it('says why an upload_to is unknown instead of guessing', async () => {
    assert.deepEqual(await uploadTo('from somewhere import make_path', 'models.FileField(upload_to=make_path("x"))'), { kind: 'unknown', reason: 'upload_to=make_path("x") is computed when the model class is defined' });
    assert.deepEqual(await uploadTo('from storages.paths import dated', 'models.FileField(upload_to=dated)'), { kind: 'unknown', reason: 'upload_to=dated comes from storages.paths.dated, outside the project' });
    assert.deepEqual(await uploadTo('', 'models.FileField(upload_to=missing)'), { kind: 'unknown', reason: 'upload_to=missing: "missing" is not defined in app.models' });
    assert.deepEqual(await uploadTo('', 'models.FileField(**options)'), { kind: 'unknown', reason: 'the arguments are passed with * or **' });
  });

  it('keeps the storage expression, and null/blank literals', async () => {
    const fs = project(['app'], {
      'app/__init__.py': '',
      'app/models.py': `${IMPORTS}from app.storage import private_storage\n\nclass Thing(models.Model):\n    a = models.FileField(storage=private_storage, null=True, blank=True)\n    b = models.FileField(storage=None)\n    c = models.FileField("c", "c", "c/", private_storage)\n    d = models.FileField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'storage', 'null', 'blank'), {
      'app.Thing.a': { storage: { kind: 'custom', expression: 'private_storage' }, null: true, blank: true },
      'app.Thing.b': { storage: { kind: 'default' }, null: false, blank: false },
      'app.Thing.c': { storage: { kind: 'custom', expression: 'private_storage' }, null: false, blank: false },
      'app.Thing.d': { storage: { kind: 'default' }, null: false, blank: false },
    });
  });
});

describe('modelCatalogue: which apps', () => {
  const models = (name: string): string => `${IMPORTS}\nclass ${name}(models.Model):\n    f = models.FileField()\n`;

  it('catalogues only installed apps, and notes models modules of others and apps outside the project', async () => {
    const fs = project(['django.contrib.auth', 'shop', 'easy_thumbnails'], {
      'shop/__init__.py': '',
      'shop/models.py': models('Item'),
      'legacy/__init__.py': '',
      'legacy/models.py': models('Old'),
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(Object.keys(pick(c, 'table')), ['shop.Item.f']);
    assert.deepEqual(
      c.notes.map((n) => n.message),
      ['Apps outside the project are not catalogued (their models are not read): easy_thumbnails.', 'legacy.models is not catalogued: its app is not in INSTALLED_APPS.'],
    );
  });

  it('catalogues every models module when INSTALLED_APPS is unknown, and says so', async () => {
    const fs = project('get_apps()', { 'shop/__init__.py': '', 'shop/models.py': models('Item'), 'shop/sub/__init__.py': '', 'shop/sub/models/__init__.py': '', 'shop/sub/models/things.py': models('Thing') });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table'), { 'shop.Item.f': { table: 'shop_item' }, 'sub.Thing.f': { table: 'sub_thing' } });
    assert.match(c.notes[0]!.message, /^INSTALLED_APPS is not known \(.*\): every models module of the project is catalogued/);
  });

  it('finds an app that is a namespace package (no __init__.py)', async () => {
    const fs = project(['shop'], { 'shop/models.py': models('Item') });
    assert.deepEqual(Object.keys(pick(await catalogueOf(fs), 'table')), ['shop.Item.f']);
  });

  it('catalogues models defined in modules of the app that its models module imports', async () => {
    const fs = project(['shop'], {
      'shop/__init__.py': '',
      'shop/models.py': 'from .catalog_models import *\nfrom shop.order_models import Order\n',
      'shop/catalog_models.py': models('Product'),
      'shop/order_models.py': models('Order'),
      'shop/unused_models.py': models('Unused'),
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table'), { 'shop.Order.f': { table: 'shop_order' }, 'shop.Product.f': { table: 'shop_product' } });
  });

  it('finds apps in a folder put on sys.path ("apps/"), named as Django imports them', async () => {
    const fs = project(['blog'], {
      'apps/blog/__init__.py': '',
      'apps/blog/fields.py': `${IMPORTS}\nclass CoverField(models.ImageField):\n    pass\n`,
      'apps/blog/models.py': `${IMPORTS}from blog.fields import CoverField\n\nclass Post(models.Model):\n    cover = CoverField()\n`,
    });
    const c = await catalogueOf(fs);
    assert.deepEqual(pick(c, 'table', 'fieldClass'), { 'blog.Post.cover': { table: 'blog_post', fieldClass: 'blog.fields.CoverField' } });
  });

  it('reads only files of the project, and stops when cancelled', async () => {
    const fs = project(['shop', 'blog'], { 'shop/__init__.py': '', 'shop/models.py': `${IMPORTS}from ..outside import Base\n\nclass Item(models.Model):\n    f = models.FileField()\n`, 'blog/__init__.py': '', 'blog/models.py': models('Post') });
    fs.write('/elsewhere/outside.py', 'class Base: pass\n');
    const c = await catalogueOf(fs);
    assert.equal(c.fields.length, 2);
    assert.deepEqual(fs.log.filter((l) => !l.includes(` ${WS}/`) && !l.endsWith(` ${WS}`)), []);
    const cancelled = await catalogueOf(fs, { aborted: true });
    assert.deepEqual(cancelled.fields, []);
    assert.ok(cancelled.notes.some((n) => n.message === 'Cancelled: the catalogue is incomplete.'));
  });
});
