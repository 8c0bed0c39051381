import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, project, WS } from './harness';

test('hostile workspaces finish quickly and never throw', async () => {
  const deep = 'x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n';
  const fs = project({
    extra: 'STATICFILES_DIRS = [' + '"a", '.repeat(2000) + ']',
    files: {
      [`${WS}/gallery/models.py`]: 'from django.db import models\nclass P(models.Model:\n    f = models.FileField(upload_to="/x"\n' + deep,
      [`${WS}/gallery/forms.py`]: 'class F(forms.Form):\n    f = forms.FileField(\n' + deep,
      [`${WS}/templates/big.html`]: '<form>'.repeat(20000) + '<input type="file">' + '{{ MEDIA_URL }}'.repeat(1000),
      [`${WS}/templates/binary.html`]: 'GIF89a\u0000\u0000<form><input type=file>',
      [`${WS}/deploy/nginx.conf`]: 'location /media {'.repeat(5000) + 'alias "/x/',
      [`${WS}/docker-compose.yml`]: 'services:\n  - - [ {\n'.repeat(2000),
      [`${WS}/.gitignore`]: '!'.repeat(10000) + '\n[[[\n',
    },
    folders: [`${WS}/.git`],
  });
  const started = Date.now();
  const findings = await check(fs);
  assert.ok(Array.isArray(findings));
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
});

test('a cancelled run returns nothing', async () => {
  const findings = await check(project({ extra: 'MEDIA_URL = "/m"' }), { token: { aborted: true } });
  assert.deepEqual(findings, []);
});
