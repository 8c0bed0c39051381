import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, yamlGet, yamlString } from '../../../src/core/project/parseYaml';

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

test('anchors, aliases and merge keys: the x- extension pattern of compose files', () => {
  const text = `x-django: &django
  build: .
  volumes:
    - media:/app/uploads
  environment: &env
    DEBUG: "0"
services:
  web:
    <<: *django
    command: gunicorn site.wsgi
  worker:
    <<: [*django]
    build: ./worker
    environment: *env
`;
  const services = yamlGet(parseYaml(text), 'services');
  const web = yamlGet(services, 'web');
  assert.equal(yamlString(yamlGet(web, 'build')), '.');
  assert.equal(yamlString(yamlGet(web, 'command')), 'gunicorn site.wsgi');
  const vols = yamlGet(web, 'volumes');
  assert.ok(vols && vols.kind === 'seq' && vols.items.length === 1);
  const mount = vols.items[0]!;
  assert.ok(mount.kind === 'scalar');
  // An aliased scalar points at the text of its anchor.
  assert.equal(text.slice(mount.from, mount.to), 'media:/app/uploads');
  const worker = yamlGet(services, 'worker');
  // A key written in the mapping wins over the merged one.
  assert.equal(yamlString(yamlGet(worker, 'build')), './worker');
  assert.equal(yamlString(yamlGet(yamlGet(worker, 'environment'), 'DEBUG')), '0');
  assert.ok(worker?.kind === 'map' && !worker.entries.some((e) => e.key === '<<'));
});

test('multi-line scalars: literal, folded, plain and quoted over several lines; quoted offsets exclude the quotes', () => {
  const text = `services:
  web:
    command: |
      python manage.py migrate
      gunicorn site.wsgi
    entrypoint: >-
      sh -c
      "run"
    image: python
      slim
    working_dir: "/srv/
      app"
    user: 'www''data'
`;
  const web = yamlGet(yamlGet(parseYaml(text), 'services'), 'web');
  assert.equal(yamlString(yamlGet(web, 'command')), 'python manage.py migrate\ngunicorn site.wsgi\n');
  assert.equal(yamlString(yamlGet(web, 'entrypoint')), 'sh -c "run"');
  assert.equal(yamlString(yamlGet(web, 'image')), 'python slim');
  assert.equal(yamlString(yamlGet(web, 'working_dir')), '/srv/ app');
  const user = yamlGet(web, 'user');
  assert.ok(user?.kind === 'scalar');
  assert.equal(user.value, "www'data");
  assert.equal(text.slice(user.from, user.to), "www''data");
});

test('scalars stay strings; null only for an empty value, ~ and null', () => {
  const doc = parseYaml('a: 1.0\nb: true\nc:\nd: ~\ne: "null"\nf: !!str null\ng: 0o17\n');
  assert.deepEqual(['a', 'b', 'e', 'f', 'g'].map((k) => yamlString(yamlGet(doc, k))), ['1.0', 'true', 'null', 'null', '0o17']);
  assert.deepEqual(['c', 'd'].map((k) => yamlGet(doc, k)?.kind), ['null', 'null']);
});

test('what Compose refuses reads as null: syntax errors, duplicate keys, several documents, merging a scalar', () => {
  for (const text of ['services:\n  web: [a, b\n', 'services:\n  web: {}\n  web: {}\n', 'a: 1\n---\nb: 2\n', 'x: &x s\ny:\n  <<: *x\n', '\t\tkey: value']) {
    assert.equal(parseYaml(text).kind, 'null', text);
  }
  assert.equal(parseYaml('').kind, 'null');
  // A leading document marker and comments are fine.
  assert.equal(yamlString(yamlGet(parseYaml('---\n# compose\nname: site\n'), 'name')), 'site');
});

test('deep nesting, nested aliases and self-referencing anchors read as null, quickly and without crashing', () => {
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  const hostile = [
    '['.repeat(10_000),
    '['.repeat(1000) + ']'.repeat(1000),
    Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + '-\n').join('') + ' '.repeat(1000) + 'x\n',
    '- '.repeat(1000) + 'x\n',
    laughs.join('\n') + '\n',
    'a: &a [*a]\n',
    'a: ' + 'x'.repeat(2 * 1024 * 1024) + '\n',
  ];
  const started = Date.now();
  // Twice: V8 aborted the process on the second deep parse before the nesting limit.
  for (let round = 0; round < 2; round++) for (const text of hostile) assert.equal(parseYaml(text).kind, 'null', text.slice(0, 40));
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  const nested = parseYaml('a: ' + '['.repeat(60) + 'x' + ']'.repeat(60) + '\n');
  assert.equal(yamlGet(nested, 'a')?.kind, 'seq');
});
