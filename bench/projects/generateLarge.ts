// Writes a realistic Django project of a chosen size into a folder, deterministically (seeded): split
// settings (base/dev/prod with `from .base import *`), a URLconf chain with includes, and per app the
// modules a real app has (models, forms, views, urls, admin, serializers, migrations, tests, commands,
// template tags) plus templates. A few apps take uploads (FileField/ImageField, forms bound with
// request.FILES, upload templates, media URLs in templates); most never mention media at all — as in
// real projects, where the files that can matter to media are a small part of the tree.
//
// Run: npx tsc -p tsconfig.test.json && node out/bench/projects/generateLarge.js <folder> [--apps N] [--small]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from '../../test/unit/helpers/seededRandom';

/** Shape of a generated project. */
export interface GenerateOptions {
  /** Django apps under apps/ (each ~32 Python modules and 4 templates in the full shape). */
  apps: number;
  /** Seed of the pseudo-random choices (names, field counts, which apps take uploads). */
  seed?: number;
  /** Only the modules that matter to media per app (models, forms, views, urls, one template). */
  minimal?: boolean;
}

/** What was written. */
export interface GeneratedProject {
  root: string;
  pythonModules: number;
  templates: number;
  files: number;
  bytes: number;
}

/** Apps of the large bench project: ≥ 4,000 Python modules, ≥ 500 templates. */
export const LARGE_APPS = 170;

const NOUNS = [
  'catalog', 'order', 'invoice', 'customer', 'shipment', 'product', 'review', 'coupon', 'ticket', 'report',
  'profile', 'document', 'gallery', 'event', 'booking', 'payment', 'vendor', 'warehouse', 'article', 'comment',
  'survey', 'course', 'lesson', 'badge', 'campaign', 'newsletter', 'contract', 'asset', 'project', 'task',
];
const FIELD_TYPES = [
  'models.CharField(max_length=200)',
  'models.CharField(max_length=64, blank=True)',
  'models.TextField(blank=True)',
  'models.IntegerField(default=0)',
  'models.PositiveIntegerField(default=1)',
  'models.DecimalField(max_digits=10, decimal_places=2, default=0)',
  'models.BooleanField(default=False)',
  'models.DateTimeField(auto_now_add=True)',
  'models.DateTimeField(auto_now=True)',
  'models.DateField(null=True, blank=True)',
  'models.EmailField(blank=True)',
  'models.URLField(blank=True)',
  'models.SlugField(unique=True)',
  'models.JSONField(default=dict, blank=True)',
];
const WORDS = ['title', 'name', 'code', 'status', 'amount', 'total', 'notes', 'summary', 'priority', 'rank', 'label', 'email', 'website', 'slug', 'metadata', 'opened', 'closed', 'created', 'updated', 'count'];

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

class Writer {
  files = 0;
  bytes = 0;
  python = 0;
  templates = 0;
  constructor(readonly root: string) {}
  write(rel: string, text: string): void {
    const path = join(this.root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    this.files++;
    this.bytes += Buffer.byteLength(text);
    if (rel.endsWith('.py')) this.python++;
    if (rel.endsWith('.html')) this.templates++;
  }
}

interface App {
  name: string;
  label: string;
  models: Array<{ name: string; fields: Array<[string, string]> }>;
  uploads: boolean;
  /** Binds one upload form with request.POST only (a real bug forms.files-not-bound finds). */
  forgetsFiles: boolean;
}

function makeApp(r: () => number, i: number, uploads: boolean): App {
  const noun = NOUNS[i % NOUNS.length]!;
  const name = `${noun}s${Math.floor(i / NOUNS.length) || ''}`;
  const models: App['models'] = [];
  const count = 6 + Math.floor(r() * 9);
  for (let m = 0; m < count; m++) {
    const fields: Array<[string, string]> = [];
    const n = 8 + Math.floor(r() * 16);
    for (let f = 0; f < n; f++) fields.push([`${WORDS[Math.floor(r() * WORDS.length)]!}_${f}`, FIELD_TYPES[Math.floor(r() * FIELD_TYPES.length)]!]);
    if (uploads && m < 2) {
      fields.push(['image', `models.ImageField(upload_to="${name}/images/%Y/%m/", blank=True)`]);
      fields.push(['attachment', `models.FileField(upload_to="${name}/files/", blank=True)`]);
    }
    models.push({ name: `${cap(noun)}${m === 0 ? '' : cap(WORDS[m % WORDS.length]!)}${m}`, fields });
  }
  return { name, label: name, models, uploads, forgetsFiles: uploads && r() < 0.5 };
}

function modelsPy(app: App): string {
  const out = [
    '"""Models of the ' + app.name + ' app."""',
    'from django.conf import settings',
    'from django.db import models',
    'from django.urls import reverse',
    'from django.utils.translation import gettext_lazy as _',
    '',
    'from .managers import ActiveManager',
    '',
    '',
    'class TimeStamped(models.Model):',
    '    created_at = models.DateTimeField(auto_now_add=True)',
    '    updated_at = models.DateTimeField(auto_now=True)',
    '',
    '    class Meta:',
    '        abstract = True',
    '',
  ];
  for (const m of app.models) {
    out.push('', `class ${m.name}(TimeStamped):`, `    """A ${m.name.toLowerCase()} of the ${app.name} app."""`, '');
    for (const [f, t] of m.fields) out.push(`    ${f} = ${t}`);
    out.push(
      '    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")',
      '',
      '    objects = models.Manager()',
      '    active = ActiveManager()',
      '',
      '    class Meta:',
      `        ordering = ["-created_at"]`,
      `        verbose_name = _("${m.name.toLowerCase()}")`,
      '',
      '    def __str__(self):',
      `        return f"${m.name} #{self.pk}"`,
      '',
      '    def get_absolute_url(self):',
      `        return reverse("${app.label}:${m.name.toLowerCase()}-detail", args=[self.pk])`,
      '',
      '    def as_dict(self):',
      '        return {',
      ...m.fields.slice(0, 6).map(([f]) => `            "${f}": self.${f},`),
      '        }',
    );
  }
  return out.join('\n') + '\n';
}

function formsPy(app: App): string {
  const out = ['from django import forms', '', `from .models import ${app.models.map((m) => m.name).join(', ')}`, ''];
  for (const m of app.models) {
    out.push(
      '',
      `class ${m.name}Form(forms.ModelForm):`,
      '    class Meta:',
      `        model = ${m.name}`,
      `        fields = [${m.fields.slice(0, 5).map(([f]) => `"${f}"`).join(', ')}${app.uploads && m === app.models[0] ? ', "image", "attachment"' : ''}]`,
      '',
      '    def clean(self):',
      '        data = super().clean()',
      `        if not data.get("${m.fields[0]![0]}"):`,
      `            self.add_error("${m.fields[0]![0]}", "required")`,
      '        return data',
    );
  }
  out.push('', '', 'class SearchForm(forms.Form):', '    q = forms.CharField(required=False)', '    page = forms.IntegerField(required=False, min_value=1)');
  if (app.uploads) out.push('', '', 'class ImportForm(forms.Form):', '    source = forms.FileField()', '    dry_run = forms.BooleanField(required=False)');
  return out.join('\n') + '\n';
}

function viewsPy(app: App): string {
  const names = app.models.map((m) => m.name);
  const out = [
    'from django.contrib import messages',
    'from django.contrib.auth.decorators import login_required',
    'from django.core.paginator import Paginator',
    'from django.shortcuts import get_object_or_404, redirect, render',
    'from django.views.generic import DetailView, ListView',
    '',
    `from .forms import SearchForm, ${names.map((n) => n + 'Form').join(', ')}${app.uploads ? ', ImportForm' : ''}`,
    `from .models import ${names.join(', ')}`,
    '',
  ];
  for (const m of app.models) {
    const low = m.name.toLowerCase();
    out.push(
      '',
      `class ${m.name}ListView(ListView):`,
      `    model = ${m.name}`,
      `    template_name = "${app.label}/${low}_list.html"`,
      '    paginate_by = 25',
      '',
      '',
      `class ${m.name}DetailView(DetailView):`,
      `    model = ${m.name}`,
      `    template_name = "${app.label}/${low}_detail.html"`,
      '',
      '',
      '@login_required',
      `def ${low}_search(request):`,
      '    form = SearchForm(request.GET or None)',
      `    qs = ${m.name}.objects.all()`,
      '    if form.is_valid() and form.cleaned_data["q"]:',
      `        qs = qs.filter(${m.fields[0]![0]}__icontains=form.cleaned_data["q"])`,
      '    page = Paginator(qs, 25).get_page(request.GET.get("page"))',
      `    return render(request, "${app.label}/${low}_list.html", {"page": page, "form": form})`,
    );
  }
  const first = app.models[0]!;
  const low = first.name.toLowerCase();
  const bind = app.uploads ? (app.forgetsFiles ? 'request.POST' : 'request.POST, request.FILES') : 'request.POST';
  out.push(
    '',
    '',
    '@login_required',
    `def ${low}_edit(request, pk=None):`,
    `    obj = get_object_or_404(${first.name}, pk=pk) if pk else None`,
    '    if request.method == "POST":',
    `        form = ${first.name}Form(${bind}, instance=obj)`,
    '        if form.is_valid():',
    '            saved = form.save()',
    '            messages.success(request, "Saved.")',
    '            return redirect(saved)',
    '    else:',
    `        form = ${first.name}Form(instance=obj)`,
    `    return render(request, "${app.label}/${low}_form.html", {"form": form, "object": obj})`,
  );
  if (app.uploads) {
    out.push(
      '',
      '',
      '@login_required',
      'def import_file(request):',
      '    form = ImportForm(request.POST or None, request.FILES or None)',
      '    if form.is_valid():',
      '        handle = form.cleaned_data["source"]',
      '        messages.info(request, f"Imported {handle.name}")',
      `        return redirect("${app.label}:index")`,
      `    return render(request, "${app.label}/import.html", {"form": form})`,
    );
  }
  return out.join('\n') + '\n';
}

function urlsPy(app: App): string {
  const out = ['from django.urls import path', '', 'from . import views', '', `app_name = "${app.label}"`, '', 'urlpatterns = ['];
  for (const m of app.models) {
    const low = m.name.toLowerCase();
    out.push(
      `    path("${low}/", views.${m.name}ListView.as_view(), name="${low}-list"),`,
      `    path("${low}/<int:pk>/", views.${m.name}DetailView.as_view(), name="${low}-detail"),`,
      `    path("${low}/search/", views.${low}_search, name="${low}-search"),`,
    );
  }
  const low = app.models[0]!.name.toLowerCase();
  out.push(`    path("", views.${low}_search, name="index"),`, `    path("edit/<int:pk>/", views.${low}_edit, name="edit"),`);
  if (app.uploads) out.push('    path("import/", views.import_file, name="import"),');
  out.push(']');
  return out.join('\n') + '\n';
}

function adminPy(app: App): string {
  const out = ['from django.contrib import admin', '', `from .models import ${app.models.map((m) => m.name).join(', ')}`, ''];
  for (const m of app.models) {
    out.push(
      '',
      `@admin.register(${m.name})`,
      `class ${m.name}Admin(admin.ModelAdmin):`,
      `    list_display = (${m.fields.slice(0, 4).map(([f]) => `"${f}"`).join(', ')})`,
      `    search_fields = ("${m.fields[0]![0]}",)`,
      '    list_filter = ("created_at",)',
      '    readonly_fields = ("created_at", "updated_at")',
    );
  }
  return out.join('\n') + '\n';
}

function serializersPy(app: App): string {
  const out = ['from rest_framework import serializers', '', `from .models import ${app.models.map((m) => m.name).join(', ')}`, ''];
  for (const m of app.models) {
    out.push('', `class ${m.name}Serializer(serializers.ModelSerializer):`, '    class Meta:', `        model = ${m.name}`, `        fields = [${m.fields.map(([f]) => `"${f}"`).join(', ')}]`);
  }
  return out.join('\n') + '\n';
}

function migrationPy(app: App, n: number): string {
  const out = [
    `# Generated by Django 4.2 on 2024-0${1 + (n % 9)}-1${n % 10} 10:00`,
    '',
    'import django.db.models.deletion',
    'from django.conf import settings',
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    `    initial = ${n === 1 ? 'True' : 'False'}`,
    '',
    `    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)${n > 1 ? `, ("${app.label}", "000${n - 1}_auto")` : ''}]`,
    '',
    '    operations = [',
  ];
  for (const m of app.models) {
    out.push('        migrations.CreateModel(', `            name="${m.name}",`, '            fields=[', '                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),');
    for (const [f, t] of m.fields) out.push(`                ("${f}", ${t}),`);
    out.push('            ],', '            options={"ordering": ["-created_at"]},', '        ),');
  }
  out.push('    ]');
  return out.join('\n') + '\n';
}

function testPy(app: App, kind: string): string {
  const out = ['from django.test import TestCase', 'from django.urls import reverse', '', `from ${'apps.' + app.name}.models import ${app.models.map((m) => m.name).join(', ')}`, ''];
  for (const m of app.models) {
    const low = m.name.toLowerCase();
    out.push(
      '',
      `class ${m.name}${cap(kind)}Tests(TestCase):`,
      '    def setUp(self):',
      `        self.url = reverse("${app.label}:${low}-list")`,
      '',
      '    def test_list(self):',
      '        response = self.client.get(self.url)',
      '        self.assertEqual(response.status_code, 200)',
      '',
      '    def test_str(self):',
      `        obj = ${m.name}(${m.fields[0]![0]}="x")`,
      `        self.assertIn("${m.name}", str(obj))`,
      ...m.fields.slice(0, 6).flatMap(([f]) => ['', `    def test_${f}_round_trip(self):`, `        obj = ${m.name}.objects.create(${m.fields[0]![0]}="x")`, `        obj.refresh_from_db()`, `        self.assertIsNotNone(obj.${f})`]),
    );
  }
  return out.join('\n') + '\n';
}

function smallModule(kind: string, app: App): string {
  const first = app.models[0]!.name;
  switch (kind) {
    case 'apps':
      return `from django.apps import AppConfig\n\n\nclass ${cap(app.name)}Config(AppConfig):\n    default_auto_field = "django.db.models.BigAutoField"\n    name = "apps.${app.name}"\n    label = "${app.label}"\n\n    def ready(self):\n        from . import signals  # noqa: F401\n`;
    case 'signals':
      return `from django.db.models.signals import post_save\nfrom django.dispatch import receiver\n\nfrom .models import ${first}\n\n\n@receiver(post_save, sender=${first})\ndef touch(sender, instance, created, **kwargs):\n    if created:\n        instance.refresh_from_db()\n`;
    case 'tasks':
      return `from celery import shared_task\n\nfrom .models import ${first}\n\n\n@shared_task\ndef cleanup(days=30):\n    return ${first}.objects.filter(created_at__lt=days).delete()\n`;
    case 'managers':
      return 'from django.db import models\n\n\nclass ActiveManager(models.Manager):\n    def get_queryset(self):\n        return super().get_queryset().filter(pk__isnull=False)\n';
    case 'constants':
      return `STATUS_CHOICES = [\n${WORDS.slice(0, 8).map((w) => `    ("${w}", "${cap(w)}"),`).join('\n')}\n]\nPAGE_SIZE = 25\n`;
    case 'permissions':
      return 'from rest_framework import permissions\n\n\nclass IsOwner(permissions.BasePermission):\n    def has_object_permission(self, request, view, obj):\n        return obj.owner == request.user\n';
    case 'filters':
      return `import django_filters\n\nfrom .models import ${first}\n\n\nclass ${first}Filter(django_filters.FilterSet):\n    class Meta:\n        model = ${first}\n        fields = ["created_at"]\n`;
    case 'utils':
      return `import hashlib\nimport logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef fingerprint(value):\n    return hashlib.sha256(str(value).encode()).hexdigest()[:12]\n\n\ndef chunked(items, size=100):\n    for i in range(0, len(items), size):\n        yield items[i : i + size]\n`;
    case 'command':
      return `from django.core.management.base import BaseCommand\n\nfrom ${'apps.' + app.name}.models import ${first}\n\n\nclass Command(BaseCommand):\n    help = "Prints how many ${first} rows exist."\n\n    def handle(self, *args, **options):\n        self.stdout.write(str(${first}.objects.count()))\n`;
    case 'tags':
      return `from django import template\n\nregister = template.Library()\n\n\n@register.filter\ndef ${app.name}_label(value):\n    return str(value).title()\n`;
    case 'factories':
      return `import factory\n\nfrom ${'apps.' + app.name}.models import ${first}\n\n\nclass ${first}Factory(factory.django.DjangoModelFactory):\n    class Meta:\n        model = ${first}\n`;
    default:
      return '';
  }
}

function listTemplate(app: App, m: App['models'][number]): string {
  const low = m.name.toLowerCase();
  return [
    '{% extends "base.html" %}',
    '{% load i18n static %}',
    `{% block title %}{% trans "${m.name}" %}{% endblock %}`,
    '{% block content %}',
    `<h1>{% trans "${m.name} list" %}</h1>`,
    '<form method="get" class="search">{{ form.as_p }}<button type="submit">{% trans "Search" %}</button></form>',
    '<table class="table">',
    '  <thead><tr>' + m.fields.slice(0, 4).map(([f]) => `<th>${f}</th>`).join('') + '</tr></thead>',
    '  <tbody>',
    '  {% for obj in page %}',
    '    <tr>' + m.fields.slice(0, 4).map(([f]) => `<td>{{ obj.${f} }}</td>`).join('') + '</tr>',
    ...(app.uploads && m === app.models[0] ? ['    <tr><td><img src="{{ obj.image.url }}" alt="" width="64"></td></tr>'] : []),
    '  {% empty %}',
    `    <tr><td colspan="4">{% trans "No ${low} yet." %}</td></tr>`,
    '  {% endfor %}',
    '  </tbody>',
    '</table>',
    `<a href="{% url '${app.label}:index' %}">{% trans "Back" %}</a>`,
    '{% endblock %}',
    '',
  ].join('\n');
}

function detailTemplate(app: App, m: App['models'][number], n: number): string {
  const media = app.uploads && m === app.models[0];
  return [
    '{% extends "base.html" %}',
    '{% load i18n static %}',
    '{% block content %}',
    `<article class="${m.name.toLowerCase()}">`,
    `  <h1>{{ object }}</h1>`,
    ...m.fields.slice(0, 6).map(([f]) => `  <p><strong>${f}</strong>: {{ object.${f} }}</p>`),
    ...(media
      ? [
          '  <img src="{{ object.image.url }}" alt="{{ object }}">',
          `  <a href="{{ MEDIA_URL }}${app.name}/files/manual-${n}.pdf">{% trans "Manual" %}</a>`,
          `  <img src="/media/${app.name}/images/placeholder.png" alt="">`,
        ]
      : []),
    `  <link rel="stylesheet" href="{% static '${app.name}/style.css' %}">`,
    '</article>',
    '{% endblock %}',
    '',
  ].join('\n');
}

function formTemplate(withEnctype: boolean): string {
  return [
    '{% extends "base.html" %}',
    '{% load i18n %}',
    '{% block content %}',
    `<form method="post"${withEnctype ? ' enctype="multipart/form-data"' : ''}>`,
    '  {% csrf_token %}',
    '  {{ form.as_p }}',
    `  <button type="submit">{% trans "Save" %}</button>`,
    '</form>',
    '{% endblock %}',
    '',
  ].join('\n');
}

function settingsBase(apps: App[]): string {
  return [
    '"""Settings shared by every environment."""',
    'import os',
    'from pathlib import Path',
    '',
    'BASE_DIR = Path(__file__).resolve().parent.parent.parent',
    '',
    'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key")',
    'DEBUG = os.environ.get("DJANGO_DEBUG", "False").lower() in ("1", "true", "yes")',
    'ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")',
    '',
    'DJANGO_APPS = [',
    '    "django.contrib.admin",',
    '    "django.contrib.auth",',
    '    "django.contrib.contenttypes",',
    '    "django.contrib.sessions",',
    '    "django.contrib.messages",',
    '    "django.contrib.staticfiles",',
    ']',
    'LOCAL_APPS = [',
    ...apps.map((a) => `    "apps.${a.name}",`),
    ']',
    'INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS',
    '',
    'MIDDLEWARE = [',
    '    "django.middleware.security.SecurityMiddleware",',
    '    "django.contrib.sessions.middleware.SessionMiddleware",',
    '    "django.middleware.common.CommonMiddleware",',
    '    "django.middleware.csrf.CsrfViewMiddleware",',
    '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
    '    "django.contrib.messages.middleware.MessageMiddleware",',
    ']',
    '',
    'ROOT_URLCONF = "portal.urls"',
    '',
    'TEMPLATES = [',
    '    {',
    '        "BACKEND": "django.template.backends.django.DjangoTemplates",',
    '        "DIRS": [BASE_DIR / "templates"],',
    '        "APP_DIRS": True,',
    '        "OPTIONS": {',
    '            "context_processors": [',
    '                "django.template.context_processors.debug",',
    '                "django.template.context_processors.request",',
    '                "django.contrib.auth.context_processors.auth",',
    '                "django.contrib.messages.context_processors.messages",',
    '                "django.template.context_processors.media",',
    '            ],',
    '        },',
    '    },',
    ']',
    '',
    'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}',
    '',
    'LANGUAGE_CODE = "en-us"',
    'TIME_ZONE = "UTC"',
    'USE_I18N = True',
    'USE_TZ = True',
    '',
    'STATIC_URL = "/static/"',
    'STATIC_ROOT = BASE_DIR / "staticfiles"',
    'STATICFILES_DIRS = [BASE_DIR / "static"]',
    '',
    'MEDIA_URL = "/media/"',
    'MEDIA_ROOT = os.environ.get("MEDIA_ROOT", os.path.join(BASE_DIR, "media"))',
    '',
    'DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"',
    '',
  ].join('\n');
}

// The bench's hand-written split-settings project has the manage.py every `startproject` writes.
const MANAGE_PY = readFileSync(join(__dirname, '../../../bench/projects/split-settings/manage.py'), 'utf8').replace('shop.settings.dev', 'portal.settings.dev');

/** Writes the project into `root` (which should be empty) and says what it wrote. */
export function generateProject(root: string, options: GenerateOptions): GeneratedProject {
  const r = seededRandom(options.seed ?? 13);
  const w = new Writer(root);
  const apps: App[] = [];
  // Roughly one app in twelve takes uploads; the first always does so that a small project has one.
  for (let i = 0; i < options.apps; i++) apps.push(makeApp(r, i, i === 0 || r() < 0.08));

  w.write('manage.py', MANAGE_PY);
  w.write('.gitignore', '*.pyc\n__pycache__/\n/media/\n/staticfiles/\n/var/\n.env\n');
  w.write('portal/__init__.py', '');
  w.write('portal/settings/__init__.py', '');
  w.write('portal/settings/base.py', settingsBase(apps));
  w.write('portal/settings/dev.py', 'from .base import *  # noqa: F401,F403\n\nDEBUG = True\nINTERNAL_IPS = ["127.0.0.1"]\nEMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"\n');
  w.write(
    'portal/settings/prod.py',
    'from .base import *  # noqa: F401,F403\n\nDEBUG = False\nSECURE_CONTENT_TYPE_NOSNIFF = True\nif os.environ.get("AWS_STORAGE_BUCKET_NAME"):\n    STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}\n    MEDIA_URL = f"https://{os.environ[\'AWS_S3_CUSTOM_DOMAIN\']}/media/"\n',
  );
  w.write(
    'portal/urls.py',
    [
      'from django.conf import settings',
      'from django.conf.urls.static import static',
      'from django.contrib import admin',
      'from django.urls import include, path',
      '',
      'urlpatterns = [',
      '    path("admin/", admin.site.urls),',
      '    path("", include("portal.app_urls")),',
      ']',
      '',
      'if settings.DEBUG:',
      '    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)',
      '',
    ].join('\n'),
  );
  w.write(
    'portal/app_urls.py',
    ['from django.urls import include, path', '', 'urlpatterns = [', ...apps.map((a) => `    path("${a.name}/", include("apps.${a.name}.urls")),`), ']', ''].join('\n'),
  );
  if (!options.minimal) {
    w.write('requirements.txt', 'Django==4.2.11\ndjangorestframework==3.15.1\ncelery==5.3.6\n');
    w.write('portal/wsgi.py', 'import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")\napplication = get_wsgi_application()\n');
    w.write('portal/asgi.py', 'import os\n\nfrom django.core.asgi import get_asgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")\napplication = get_asgi_application()\n');
    w.write('templates/base.html', '{% load static %}<!doctype html>\n<html><head><title>{% block title %}Portal{% endblock %}</title>\n<link rel="stylesheet" href="{% static \'css/site.css\' %}"></head>\n<body><header><img src="{% get_media_prefix %}branding/logo.png" alt="logo"></header>\n{% block content %}{% endblock %}</body></html>\n');
    w.write('static/css/site.css', 'body { font-family: sans-serif; }\n.hero { background: url("/media/branding/hero.jpg"); }\n');
    w.write('media/branding/logo.png', 'png');
    w.write('node_modules/left-pad/index.js', 'module.exports = (s) => s;\n');
    w.write('node_modules/left-pad/README.md', '![x](/media/not-a-reference.png)\n');
  }
  w.write('apps/__init__.py', '');

  for (const app of apps) {
    const p = `apps/${app.name}`;
    w.write(`${p}/__init__.py`, '');
    w.write(`${p}/models.py`, modelsPy(app));
    w.write(`${p}/forms.py`, formsPy(app));
    w.write(`${p}/views.py`, viewsPy(app));
    w.write(`${p}/urls.py`, urlsPy(app));
    const first = app.models[0]!.name.toLowerCase();
    w.write(`templates/${app.label}/${first}_form.html`, formTemplate(!(app.uploads && app.forgetsFiles)));
    if (options.minimal) continue;
    for (const kind of ['apps', 'signals', 'tasks', 'managers', 'constants', 'permissions', 'filters', 'utils']) w.write(`${p}/${kind}.py`, smallModule(kind, app));
    w.write(`${p}/admin.py`, adminPy(app));
    w.write(`${p}/serializers.py`, serializersPy(app));
    w.write(`${p}/migrations/__init__.py`, '');
    for (let n = 1; n <= 5; n++) w.write(`${p}/migrations/000${n}_${n === 1 ? 'initial' : 'auto'}.py`, migrationPy(app, n));
    w.write(`${p}/tests/__init__.py`, '');
    for (const kind of ['models', 'views', 'forms', 'api']) w.write(`${p}/tests/test_${kind}.py`, testPy(app, kind));
    w.write(`${p}/tests/factories.py`, smallModule('factories', app));
    w.write(`${p}/management/__init__.py`, '');
    w.write(`${p}/management/commands/__init__.py`, '');
    w.write(`${p}/management/commands/count_${app.name}.py`, smallModule('command', app));
    w.write(`${p}/templatetags/__init__.py`, '');
    w.write(`${p}/templatetags/${app.name}_tags.py`, smallModule('tags', app));
    app.models.slice(0, 2).forEach((m, n) => {
      w.write(`${p}/templates/${app.label}/${m.name.toLowerCase()}_list.html`, listTemplate(app, m));
      w.write(`${p}/templates/${app.label}/${m.name.toLowerCase()}_detail.html`, detailTemplate(app, m, n));
    });
    if (app.uploads) {
      w.write(`templates/${app.label}/import.html`, formTemplate(true));
      w.write(`${p}/static/${app.name}/style.css`, `.cover { background-image: url("/media/${app.name}/images/cover.jpg"); }\n`);
    }
  }
  return { root, pythonModules: w.python, templates: w.templates, files: w.files, bytes: w.bytes };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  if (!folder) {
    process.stderr.write('usage: generateLarge.js <folder> [--apps N] [--small]\n');
    process.exit(2);
  }
  const small = args.includes('--small');
  const appsAt = args.indexOf('--apps');
  const apps = appsAt >= 0 ? Number(args[appsAt + 1]) : small ? 1 : LARGE_APPS;
  const g = generateProject(folder, { apps, minimal: small });
  process.stdout.write(`${g.root}: ${g.files} files, ${g.pythonModules} Python modules, ${g.templates} templates, ${(g.bytes / 1e6).toFixed(1)} MB\n`);
}
