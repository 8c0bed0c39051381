import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RULE_INFO } from '../../../src/core/checks';
import {
  emptyRequest,
  fullRequest,
  mergeRequests,
  perFileCodes,
  planChange,
  projectWideCodes,
  type ProjectFacts,
} from '../../../src/core/diagnostics/ruleInputs';

const ALL = RULE_INFO.map((r) => r.code);

const facts: ProjectFacts = {
  root: '/ws/shop',
  filesRead: new Set(['/ws/shop/manage.py', '/ws/shop/shop/settings.py', '/ws/shop/shop/urls.py', '/ws/shop/.env']),
  mediaRoot: '/ws/shop/media',
  folders: ['/ws/shop/media', '/ws/shop/assets'],
};

test('a file the model was built from plans nothing here, but a module changed in place: the model is analysed again', () => {
  for (const path of facts.filesRead) {
    for (const kind of ['created', 'changed', 'deleted'] as const) {
      const plan = planChange(path, kind, facts);
      if (kind === 'changed' && path.endsWith('.py')) {
        // The checks that scan modules run on it, in case the new model turns out the same.
        assert.ok(plan, `${path} ${kind}`);
        assert.deepEqual([...plan.inputs], ['python'], `${path} ${kind}`);
        assert.equal(plan.full, false);
        assert.equal(plan.relist, false);
      } else {
        assert.equal(plan, undefined, `${path} ${kind}`);
      }
    }
  }
});

test('an edited template re-runs the per-file checks on that template only', () => {
  const plan = planChange('/ws/shop/templates/order.html', 'changed', facts);
  assert.ok(plan);
  assert.deepEqual([...plan.files], ['/ws/shop/templates/order.html']);
  assert.equal(plan.full, false);
  assert.equal(plan.inputs.size, 0);
  assert.equal(plan.relist, false);
  const perFile = perFileCodes(plan, ALL);
  assert.deepEqual([...perFile].sort(), ['references.missing-file', 'static.missing-file', 'templates.form-missing-enctype', 'templates.media-context-processor-missing', 'templates.static-not-loaded']);
  assert.equal(projectWideCodes(plan, ALL).size, 0);
});

test('a stylesheet or Markdown file re-runs the reference check on that file', () => {
  for (const path of ['/ws/shop/static/css/site.css', '/ws/shop/docs/guide.md']) {
    const plan = planChange(path, 'changed', facts);
    assert.ok(plan, path);
    assert.deepEqual([...plan.files], [path]);
  }
});

test('a created template is checked on its own and the file list is refreshed', () => {
  const plan = planChange('/ws/shop/templates/new.html', 'created', facts);
  assert.ok(plan);
  assert.deepEqual([...plan.files], ['/ws/shop/templates/new.html']);
  assert.equal(plan.relist, true);
});

test('a saved Python module re-runs, project-wide, the checks that read modules — not the settings checks', () => {
  const plan = planChange('/ws/shop/orders/views.py', 'changed', facts);
  assert.ok(plan);
  assert.deepEqual([...plan.inputs], ['python']);
  const wide = projectWideCodes(plan, ALL);
  assert.ok(wide.has('forms.files-not-bound'));
  assert.ok(wide.has('models.upload-to-absolute'));
  assert.ok(wide.has('templates.form-missing-enctype'), 'views decide which templates render file forms');
  assert.ok(!wide.has('media-url.missing-trailing-slash'));
  assert.ok(!wide.has('nginx.alias-traversal'));
});

test('a pinned Django version anywhere the core looks re-runs everything', () => {
  for (const path of ['/ws/shop/requirements.txt', '/ws/requirements-prod.txt', '/ws/shop/requirements/base.txt', '/ws/shop/pyproject.toml']) {
    assert.equal(planChange(path, 'changed', facts)?.full, true, path);
  }
  assert.equal(planChange('/ws/shop/app/requirements.txt', 'changed', facts), undefined, 'below the project: not a pin the core reads');
});

test('files inside MEDIA_ROOT matter only when they appear or vanish', () => {
  assert.equal(planChange('/ws/shop/media/cakes/a.png', 'changed', facts), undefined);
  const created = planChange('/ws/shop/media/cakes/a.png', 'created', facts);
  assert.ok(created);
  assert.deepEqual([...created.inputs], ['media']);
  assert.ok(projectWideCodes(created, ALL).has('references.missing-file'));
  // An HTML file uploaded into MEDIA_ROOT is user data, not a template.
  assert.equal(planChange('/ws/shop/media/page.html', 'changed', facts), undefined);
});

test('creating or deleting MEDIA_ROOT or a STATICFILES_DIRS folder (or a parent) re-runs the folder checks', () => {
  for (const [path, kind] of [['/ws/shop/media', 'created'], ['/ws/shop/assets', 'deleted'], ['/ws/shop', 'deleted']] as const) {
    const plan = planChange(path, kind, facts);
    assert.ok(plan?.inputs.has('folders'), `${path} ${kind}`);
    const wide = projectWideCodes(plan!, ALL);
    assert.ok(wide.has('media-root.missing') && wide.has('staticfiles.dir-missing'));
  }
});

test('deployment files and .gitignore, also beside the project, re-run their checks', () => {
  assert.deepEqual([...planChange('/ws/shop/deploy/nginx.conf', 'changed', facts)!.inputs], ['deploy']);
  assert.deepEqual([...planChange('/ws/docker-compose.yml', 'changed', facts)!.inputs], ['deploy']);
  assert.deepEqual([...planChange('/ws/.gitignore', 'changed', facts)!.inputs], ['gitignore']);
  assert.ok(projectWideCodes(planChange('/ws/.gitignore', 'changed', facts)!, ALL).has('media-root.not-ignored'));
});

test('files no check reads plan nothing', () => {
  for (const path of ['/ws/shop/static/img/logo.png', '/ws/shop/db.sqlite3', '/ws/other/templates/x.html', '/ws/notes.txt']) {
    assert.equal(planChange(path, 'changed', facts), undefined, path);
  }
});

test('a deleted folder that held findings re-lists the project', () => {
  const plan = planChange('/ws/shop/old.app', 'deleted', facts, (p) => p === '/ws/shop/old.app');
  assert.ok(plan);
  assert.equal(plan.relist, true);
  assert.ok(plan.inputs.has('templates') && plan.inputs.has('python'));
});

test('requests merge; a full request covers every code and leaves nothing per-file', () => {
  const a = planChange('/ws/shop/templates/a.html', 'changed', facts)!;
  const b = planChange('/ws/shop/orders/views.py', 'changed', facts)!;
  const merged = mergeRequests(mergeRequests(emptyRequest(), a), b);
  assert.deepEqual([...merged.files], ['/ws/shop/templates/a.html']);
  // The enctype check already re-runs project-wide for the Python change: not again per file.
  assert.ok(!perFileCodes(merged, ALL).has('templates.form-missing-enctype'));
  assert.ok(perFileCodes(merged, ALL).has('references.missing-file'));
  const full = mergeRequests(merged, fullRequest());
  assert.equal(projectWideCodes(full, ALL).size, ALL.length);
  assert.equal(perFileCodes(full, ALL).size, 0);
});

test('an explicit code (a check the user stopped ignoring) runs project-wide', () => {
  const r = emptyRequest();
  r.codes.add('media-root.missing');
  assert.deepEqual([...projectWideCodes(r, ALL)], ['media-root.missing']);
});
