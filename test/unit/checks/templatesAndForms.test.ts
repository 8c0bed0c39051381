import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertValidPython, check, fixAndRecheck, only, project, SETTINGS, withCode, WS } from './harness';

const TEMPLATE = `${WS}/templates/page.html`;

test('a template reference to a file missing from MEDIA_ROOT (local storage only)', async () => {
  const html = '<img src="/media/photos/a.png">\n<img src="/media/photos/missing.png">\n';
  const f = only(await check(project({ files: { [TEMPLATE]: html } })), 'references.missing-file');
  assert.equal(f.range.line, 2);
  assert.match(f.message, /"photos\/missing\.png" is not in MEDIA_ROOT/);
  const s3 = project({ files: { [TEMPLATE]: html }, extra: 'STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": {"BACKEND": "x"}}' });
  assert.equal(withCode(await check(s3), 'references.missing-file').length, 0);
});

test("a reference in a template of TEMPLATES' DIRS is checked, whatever its folder's name (as inspect lists it)", async () => {
  const fs = project({
    files: { [`${WS}/frontend/pages/home.html`]: '<img src="/media/photos/a.png">\n<img src="/media/photos/gone.png">\n' },
    extra: 'TEMPLATES[0]["DIRS"] = [BASE_DIR / "frontend"]',
  });
  const f = only(await check(fs), 'references.missing-file');
  assert.equal(f.range.file, `${WS}/frontend/pages/home.html`);
  assert.equal(f.range.line, 2);
  // The same folder outside DIRS holds documents, not templates: not scanned.
  assert.equal(withCode(await check(project({ files: { [`${WS}/frontend/pages/home.html`]: '<img src="/media/photos/gone.png">\n' } })), 'references.missing-file').length, 0);
});

test('an unreadable MEDIA_ROOT folder gives no broken-reference warning (unknown is not missing)', async () => {
  const html = '<img src="/media/photos/missing.png">\n<img src="/media/gone.png">\n';
  const fs = project({ files: { [TEMPLATE]: html } });
  fs.denied.add(`${WS}/media`);
  fs.denied.add(`${WS}/media/photos`);
  assert.equal(withCode(await check(fs), 'references.missing-file').length, 0);
  fs.denied.clear();
  assert.equal(withCode(await check(fs), 'references.missing-file').length, 2);
});

test('{{ MEDIA_URL }} without the media context processor: fixed by adding it to TEMPLATES', async () => {
  const fs = project({ files: { [TEMPLATE]: '<img src="{{ MEDIA_URL }}photos/a.png">\n<a href="{{MEDIA_URL|safe}}x">x</a>\n' } });
  const findings = withCode(await check(fs), 'templates.media-context-processor-missing');
  assert.equal(findings.length, 2);
  assert.equal(findings[0]!.range.file, TEMPLATE);
  // Both findings offer the same fix.
  assert.deepEqual(findings[0]!.fixes, findings[1]!.fixes);
  fs.applyFix(findings[0]!.fixes[0]!);
  assertValidPython(fs.read(SETTINGS));
  const after = await check(fs);
  assert.equal(withCode(after, 'templates.media-context-processor-missing').length, 0);
  assert.match(fs.read(SETTINGS), /"django\.template\.context_processors\.request",\n {16}"django\.template\.context_processors\.media",\n/);
});

test('a <form> with a file input and no enctype: fixed by adding it', async () => {
  const html = '<form method="post" action=".">\n  {% csrf_token %}\n  <input type="file" name="image">\n</form>\n<form method="post" enctype="multipart/form-data"><input type=file name=b></form>\n<form><input type="text"></form>\n';
  const fs = project({ files: { [TEMPLATE]: html } });
  const f = only(await check(fs), 'templates.form-missing-enctype');
  assert.equal(f.range.line, 1);
  const { after } = await fixAndRecheck(fs, 'templates.form-missing-enctype');
  assert.equal(withCode(after, 'templates.form-missing-enctype').length, 0);
  assert.match(fs.read(TEMPLATE), /^<form enctype="multipart\/form-data" method="post" action="\.">/);
});

test('enctype set by template code is trusted', async () => {
  const html = '<form method="post" {% if form.is_multipart %}enctype="multipart/form-data"{% endif %}><input type="file" name="a"></form>';
  assert.equal(withCode(await check(project({ files: { [TEMPLATE]: html } })), 'templates.form-missing-enctype').length, 0);
});

test('a form with a file field bound without request.FILES: fixed by passing it', async () => {
  const forms = `from django import forms\n\nfrom .models import Photo\n\n\nclass PhotoForm(forms.ModelForm):\n    class Meta:\n        model = Photo\n        fields = "__all__"\n\n\nclass DocForm(forms.Form):\n    doc = forms.FileField()\n\n\nclass NameForm(forms.Form):\n    name = forms.CharField()\n`;
  const views = `from .forms import DocForm, NameForm, PhotoForm\n\n\ndef upload(request):\n    a = PhotoForm(request.POST or None, instance=None)\n    b = DocForm(data=request.POST)\n    c = NameForm(request.POST)\n    d = DocForm(request.POST, request.FILES)\n    return a, b, c, d\n`;
  const fs = project({ files: { [`${WS}/gallery/forms.py`]: forms, [`${WS}/gallery/views.py`]: views } });
  const found = withCode(await check(fs), 'forms.files-not-bound');
  assert.deepEqual(found.map((f) => f.range.line), [5, 6]);
  for (const f of found) fs.applyFix(f.fixes[0]!);
  const text = fs.read(`${WS}/gallery/views.py`);
  assertValidPython(text);
  assert.match(text, /PhotoForm\(request\.POST or None, request\.FILES or None, instance=None\)/);
  assert.match(text, /DocForm\(data=request\.POST, files=request\.FILES\)/);
  assert.equal(withCode(await check(fs), 'forms.files-not-bound').length, 0);
});

test('a <form> rendering a file form passed by a view ({{ form.as_p }}) without enctype', async () => {
  const forms = 'from django import forms\nfrom .models import Photo\n\n\nclass PhotoForm(forms.ModelForm):\n    class Meta:\n        model = Photo\n        fields = ["image"]\n';
  const views = 'from django.shortcuts import render\nfrom django.views.generic import CreateView\nfrom .forms import PhotoForm\nfrom .models import Photo\n\n\ndef upload(request):\n    form = PhotoForm(request.POST or None, request.FILES or None)\n    return render(request, "gallery/upload.html", {"form": form})\n\n\nclass PhotoCreate(CreateView):\n    model = Photo\n    fields = ["image"]\n    template_name = "gallery/create.html"\n';
  const page = '{% extends "base.html" %}\n{% block content %}\n<form method="post">{% csrf_token %}\n{{ form.as_p }}\n</form>\n{% endblock %}\n';
  const other = '<form method="post">{{ form.as_p }}</form>\n';
  const fs = project({
    files: {
      [`${WS}/gallery/forms.py`]: forms,
      [`${WS}/gallery/views.py`]: views,
      [`${WS}/gallery/templates/gallery/upload.html`]: page,
      [`${WS}/gallery/templates/gallery/create.html`]: page,
      [`${WS}/gallery/templates/gallery/search.html`]: other,
    },
  });
  const found = withCode(await check(fs), 'templates.form-missing-enctype');
  assert.deepEqual(found.map((f) => f.range.file.split('/').pop()).sort(), ['create.html', 'upload.html']);
  assert.match(found[0]!.message, /renders the form "form", which has a file field/);
  for (const f of found) fs.applyFix(f.fixes[0]!);
  assert.equal(withCode(await check(fs), 'templates.form-missing-enctype').length, 0);
});

test('a file input without a name is never submitted: no enctype warning (a script reads it)', async () => {
  const html = '<form method="post">{% csrf_token %}<input type="file" id="picker" accept="image/*"><input type="hidden" name="data"></form>\n';
  assert.equal(withCode(await check(project({ files: { [TEMPLATE]: html } })), 'templates.form-missing-enctype').length, 0);
  const named = '<form method="post"><input type="file" id="picker" name="picture"></form>\n';
  assert.equal(withCode(await check(project({ files: { [TEMPLATE]: named } })), 'templates.form-missing-enctype').length, 1);
});
