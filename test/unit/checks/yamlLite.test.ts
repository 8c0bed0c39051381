import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, yamlGet, yamlString } from '../../../src/core/checks/yamlLite';

test('a compose file: services, short and long volume syntax, flow lists, comments', () => {
  const text = `# compose
services:
  web:
    build:
      context: .
      dockerfile: docker/Dockerfile
    command: ["gunicorn", "app.wsgi"]
    volumes:
      - .:/code   # the source
      - media_data:/code/media:rw
      - type: volume
        source: static
        target: /code/static
    environment:
      DEBUG: "1"
volumes:
  media_data: {}
`;
  const doc = parseYaml(text);
  const web = yamlGet(yamlGet(doc, 'services'), 'web');
  assert.equal(yamlString(yamlGet(yamlGet(web, 'build'), 'dockerfile')), 'docker/Dockerfile');
  const vols = yamlGet(web, 'volumes');
  assert.ok(vols && vols.kind === 'seq');
  assert.equal(vols.items.length, 3);
  const short = vols.items[1]!;
  assert.ok(short.kind === 'scalar');
  assert.equal(short.value, 'media_data:/code/media:rw');
  assert.equal(text.slice(short.from, short.to), 'media_data:/code/media:rw');
  assert.equal(yamlString(yamlGet(vols.items[2], 'target')), '/code/static');
  const cmd = yamlGet(web, 'command');
  assert.ok(cmd && cmd.kind === 'seq' && cmd.items.length === 2);
  assert.equal(yamlString(yamlGet(yamlGet(web, 'environment'), 'DEBUG')), '1');
});

test('sequences at the same indentation as their key, and hostile input', () => {
  const doc = parseYaml('services:\n  app:\n    volumes:\n    - ./uploads:/srv/uploads\n');
  const vols = yamlGet(yamlGet(yamlGet(doc, 'services'), 'app'), 'volumes');
  assert.ok(vols && vols.kind === 'seq' && vols.items.length === 1);
  for (const t of ['- - - -', ': : :', 'a: [b, {c: d', '\t\tkey: value', '- '.repeat(5000)]) parseYaml(t);
});
