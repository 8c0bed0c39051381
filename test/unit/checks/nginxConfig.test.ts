import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNginxLocations } from '../../../src/core/checks/nginxConfig';

test('locations, modifiers, nested blocks, comments and inherited roots', () => {
  const conf = `
http {
  server {
    root /srv/site;  # default root
    location = /robots.txt { return 200 "User-agent: *"; }
    location ^~ "/media" { alias /srv/media/; }
    location ~* \\.(png|jpg)$ { expires 30d; }
    location /static/ {
      location /static/admin/ { alias /srv/admin/; }
    }
  }
}`;
  const locs = parseNginxLocations(conf);
  assert.deepEqual(
    locs.map((l) => [l.modifier, l.path, l.inheritedRoot]),
    [
      ['=', '/robots.txt', '/srv/site'],
      ['^~', '/media', '/srv/site'],
      ['~*', '\\.(png|jpg)$', '/srv/site'],
      ['', '/static/', '/srv/site'],
      ['', '/static/admin/', '/srv/site'],
    ],
  );
  const media = locs[1]!;
  assert.equal(media.directives.find((d) => d.name === 'alias')?.args[0]?.value, '/srv/media/');
  assert.equal(conf.slice(media.pathFrom, media.pathTo), '"/media"');
});

test('broken configurations never throw', () => {
  for (const text of ['location /a {', '}}}} location', 'location /x { alias "/unterminated', '{'.repeat(10000)]) {
    assert.ok(Array.isArray(parseNginxLocations(text)));
  }
});
