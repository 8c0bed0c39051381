import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, fixAndRecheck, only, project, withCode, WS } from './harness';

const NGINX = `${WS}/deploy/nginx.conf`;

test('nginx off-by-slash alias: a path traversal error, fixed by adding the slash to the location', async () => {
  const conf = 'server {\n  location /media {\n    alias /srv/app/media/;\n  }\n  location /static/ { alias /srv/app/staticfiles/; }\n}\n';
  const fs = project({ files: { [NGINX]: conf } });
  const f = only(await check(fs), 'nginx.alias-traversal');
  assert.equal(f.severity, 'error');
  assert.deepEqual([f.range.line, f.range.column], [2, 12]);
  const { after } = await fixAndRecheck(fs, 'nginx.alias-traversal');
  assert.equal(withCode(after, 'nginx.alias-traversal').length, 0);
  assert.match(fs.read(NGINX), /location \/media\/ \{/);
});

test('nginx serving MEDIA_URL from another folder than MEDIA_ROOT', async () => {
  const wrong = project({ files: { [NGINX]: 'server { location /media/ { alias /srv/app/uploads/; } }' } });
  assert.match(only(await check(wrong), 'nginx.media-root-mismatch').message, /serves \/media\/ from \/srv\/app\/uploads, but MEDIA_ROOT is \/ws\/media/);
  for (const conf of ['server { location /media/ { alias /srv/app/media/; } }', 'server { root /srv/app; location /media/ { } }', 'server { location /media/ { proxy_pass http://app; } }']) {
    assert.equal(withCode(await check(project({ files: { [NGINX]: conf } })), 'nginx.media-root-mismatch').length, 0, conf);
  }
});

test('docker-compose media volume mounted elsewhere than MEDIA_ROOT in the container', async () => {
  const compose = 'services:\n  web:\n    build: .\n    volumes:\n      - media_files:/app/mediafiles\nvolumes:\n  media_files:\n';
  const dockerfile = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\n';
  const fs = project({ files: { [`${WS}/docker-compose.yml`]: compose, [`${WS}/Dockerfile`]: dockerfile } });
  const f = only(await check(fs), 'docker.media-volume-mismatch');
  assert.match(f.message, /at \/app\/mediafiles, but MEDIA_ROOT inside the container is \/app\/media/);
  assert.equal(f.range.line, 5);
  const right = project({ files: { [`${WS}/docker-compose.yml`]: compose.replace('/app/mediafiles', '/app/media'), [`${WS}/Dockerfile`]: dockerfile } });
  assert.equal(withCode(await check(right), 'docker.media-volume-mismatch').length, 0);
  // A bind mount of the source tree decides the container path too.
  const bind = 'services:\n  web:\n    image: python\n    volumes:\n      - .:/code\n      - ./uploads:/code/uploads\n';
  assert.match(only(await check(project({ files: { [`${WS}/compose.yaml`]: bind } })), 'docker.media-volume-mismatch').message, /MEDIA_ROOT inside the container is \/code\/media/);
});

test('docker-compose: a media volume merged in from an x- anchor is checked like a written one', async () => {
  const compose = 'x-app: &app\n  build: .\n  volumes:\n    - media_files:/app/mediafiles\nservices:\n  web:\n    <<: *app\nvolumes:\n  media_files:\n';
  const dockerfile = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\n';
  const f = only(await check(project({ files: { [`${WS}/docker-compose.yml`]: compose, [`${WS}/Dockerfile`]: dockerfile } })), 'docker.media-volume-mismatch');
  assert.match(f.message, /Service "web" mounts its media volume at \/app\/mediafiles, but MEDIA_ROOT inside the container is \/app\/media/);
  assert.equal(f.range.line, 4);
});
