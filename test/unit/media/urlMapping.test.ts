import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { storageNameToPath, storageNameToUrl, urlToStorageName } from '../../../src/core/media';
import { seededRandom } from '../helpers/seededRandom';

// Expected values below were checked against Django (FileSystemStorage.url, static() + serve())
// where Django decides; where this mapping is deliberately stricter, the test says so.

describe('storageNameToUrl (FileSystemStorage.url)', () => {
  it('percent-encodes like filepath_to_uri', () => {
    assert.equal(storageNameToUrl('/media/', 'a b/ü.png'), '/media/a%20b/%C3%BC.png');
    assert.equal(
      storageNameToUrl('https://cdn.example.com/media/', "x~!*()'?#:%&+;=@$,.png"),
      "https://cdn.example.com/media/x~!*()'%3F%23%3A%25%26%2B%3B%3D%40%24%2C.png",
    );
  });

  it('turns backslashes into slashes and drops a leading slash', () => {
    assert.equal(storageNameToUrl('/media/', 'a\\b.png'), '/media/a/b.png');
    assert.equal(storageNameToUrl('/media/', '/abs.png'), '/media/abs.png');
  });

  it('joins like urljoin: "//" collapsed, dot segments resolved', () => {
    assert.equal(storageNameToUrl('/media/', 'a//b.png'), '/media/a/b.png');
    assert.equal(storageNameToUrl('/media/', './a/./b/../c.png'), '/media/a/c.png');
    assert.equal(storageNameToUrl('/media/', '../x.png'), '/x.png');
  });

  it('keeps the host of an absolute or protocol-relative MEDIA_URL', () => {
    assert.equal(storageNameToUrl('//cdn.example.com/media/', 'x.png'), '//cdn.example.com/media/x.png');
    assert.equal(storageNameToUrl('https://cdn.example.com', 'x.png'), 'https://cdn.example.com/x.png');
  });

  it('reproduces Django with a MEDIA_URL lacking its trailing slash: the last segment is replaced', () => {
    assert.equal(storageNameToUrl('/media', 'a.png'), '/a.png');
  });

  it('applies the default script prefix to a raw relative MEDIA_URL', () => {
    assert.equal(storageNameToUrl('media/', 'a.png'), '/media/a.png');
  });

  it('round-trips through urlToStorageName for awkward names', () => {
    for (const name of ['a b/ü.png', 'x%20y.png', 'q?.png', 'h#.png', '日本/写真 1.jpg', "it's (1).png", '😀.gif']) {
      for (const mediaUrl of ['/media/', '/kitchen/media/', 'https://cdn.example.com/m/']) {
        assert.equal(urlToStorageName(storageNameToUrl(mediaUrl, name), mediaUrl), name, `${mediaUrl} ${name}`);
      }
    }
  });
});

describe('urlToStorageName', () => {
  it('strips MEDIA_URL, the query and the fragment', () => {
    assert.equal(urlToStorageName('/media/products/mug.png', '/media/'), 'products/mug.png');
    assert.equal(urlToStorageName('/media/a.png?x=1&y=/../z', '/media/'), 'a.png');
    assert.equal(urlToStorageName('/media/a.png#top', '/media/'), 'a.png');
    assert.equal(urlToStorageName('/media/a.png?v=1#frag?x', '/media/'), 'a.png');
  });

  it('percent-decodes %20 and UTF-8 sequences', () => {
    assert.equal(urlToStorageName('/media/a%20b/%C3%BC.png', '/media/'), 'a b/ü.png');
    assert.equal(urlToStorageName('/media/%E6%97%A5%E6%9C%AC.jpg', '/media/'), '日本.jpg');
  });

  it('accepts unencoded unicode names as written in a template', () => {
    assert.equal(urlToStorageName('/media/fotos/über café.png', '/media/'), 'fotos/über café.png');
  });

  it('returns null for invalid escapes and invalid UTF-8 (Django would look for a literal "%zz")', () => {
    assert.equal(urlToStorageName('/media/%zz.png', '/media/'), null);
    assert.equal(urlToStorageName('/media/%C3%28.png', '/media/'), null);
    assert.equal(urlToStorageName('/media/a%2', '/media/'), null);
  });

  it('resolves ".." inside MEDIA_ROOT and refuses to climb out of it', () => {
    assert.equal(urlToStorageName('/media/a/../b.png', '/media/'), 'b.png');
    assert.equal(urlToStorageName('/media/../settings.py', '/media/'), null);
    assert.equal(urlToStorageName('/media/../../etc/passwd', '/media/'), null);
    assert.equal(urlToStorageName('/media/a/../../x', '/media/'), null);
  });

  it('treats %2e%2e like the browser does (a dot segment)', () => {
    assert.equal(urlToStorageName('/media/%2e%2e/settings.py', '/media/'), null);
    assert.equal(urlToStorageName('/media/%2E./secret', '/media/'), null);
    assert.equal(urlToStorageName('/media/a/%2e%2e/b.png', '/media/'), 'b.png');
    assert.equal(urlToStorageName('/media/x/%2e%2e/%2e%2e/y', '/media/'), null);
    // The browser resolves first: this request really is for /media/x.png.
    assert.equal(urlToStorageName('/static/../media/x.png', '/media/'), 'x.png');
  });

  it('decodes %2F into a separator, so "..%2F" cannot climb out either', () => {
    assert.equal(urlToStorageName('/media/a%2Fb.png', '/media/'), 'a/b.png');
    assert.equal(urlToStorageName('/media/..%2Fsecret', '/media/'), null);
    assert.equal(urlToStorageName('/media/a%2F..%2F..%2Fsecret', '/media/'), null);
  });

  it('collapses double slashes like serve() does', () => {
    assert.equal(urlToStorageName('/media//a.png', '/media/'), 'a.png');
    assert.equal(urlToStorageName('/media/a//b.png', '/media/'), 'a/b.png');
    assert.equal(urlToStorageName('/media/a/./b.png', '/media/'), 'a/b.png');
  });

  it('treats backslashes as separators, raw and encoded', () => {
    assert.equal(urlToStorageName('/media\\photos\\a.png', '/media/'), 'photos/a.png');
    assert.equal(urlToStorageName('/media/a\\..\\..\\secret', '/media/'), null);
    assert.equal(urlToStorageName('/media/a%5C..%5C..%5Csecret', '/media/'), null);
    assert.equal(urlToStorageName('/media/a%5Cb.png', '/media/'), 'a/b.png');
  });

  it('returns null for NUL and newlines after decoding', () => {
    assert.equal(urlToStorageName('/media/a%00.png', '/media/'), null);
    assert.equal(urlToStorageName('/media/a%0Ab.png', '/media/'), null);
  });

  it('returns null for URLs outside MEDIA_URL, relative URLs and MEDIA_URL itself', () => {
    assert.equal(urlToStorageName('/static/a.png', '/media/'), null);
    assert.equal(urlToStorageName('/mediafoo/a.png', '/media/'), null);
    assert.equal(urlToStorageName('media/a.png', '/media/'), null);
    assert.equal(urlToStorageName('../media/a.png', '/media/'), null);
    assert.equal(urlToStorageName('/media/', '/media/'), null);
    assert.equal(urlToStorageName('/media/?x', '/media/'), null);
    assert.equal(urlToStorageName('mailto:a@b.c', '/media/'), null);
    assert.equal(urlToStorageName('data:image/png;base64,AAAA', '/media/'), null);
    assert.equal(urlToStorageName('', '/media/'), null);
  });

  it('mirrors static() for a MEDIA_URL without trailing slash ("/mediaart/x.png" serves "art/x.png")', () => {
    assert.equal(urlToStorageName('/mediaart/x.png', '/media'), 'art/x.png');
    assert.equal(urlToStorageName('/media/x.png', '/media'), 'x.png');
    assert.equal(urlToStorageName('/other/x.png', '/media'), null);
  });

  it('uses the effective MEDIA_URL with a FORCE_SCRIPT_NAME prefix', () => {
    assert.equal(urlToStorageName('/kitchen/media/menu/soup.jpg', '/kitchen/media/'), 'menu/soup.jpg');
    assert.equal(urlToStorageName('/media/menu/soup.jpg', '/kitchen/media/'), null);
  });

  it('maps a MEDIA_URL of "/" (unset) over the whole site', () => {
    assert.equal(urlToStorageName('/manage.py', '/'), 'manage.py');
    assert.equal(urlToStorageName('/../x', '/'), 'x'); // the browser already drops the ".."
    assert.equal(urlToStorageName('/a/%2e%2e%2f..%2fx', '/'), null);
  });

  describe('absolute MEDIA_URL (CDN)', () => {
    const cdn = 'https://cdn.example.com/media/';
    it('matches https, http and protocol-relative URLs on the same host', () => {
      assert.equal(urlToStorageName('https://cdn.example.com/media/a.png', cdn), 'a.png');
      assert.equal(urlToStorageName('http://cdn.example.com/media/a.png', cdn), 'a.png');
      assert.equal(urlToStorageName('//cdn.example.com/media/a.png', cdn), 'a.png');
      assert.equal(urlToStorageName('https://cdn.example.com/media/a.png', '//cdn.example.com/media/'), 'a.png');
    });

    it('compares hosts case-insensitively and ignores default ports and user info', () => {
      assert.equal(urlToStorageName('https://CDN.Example.com:443/media/a.png', cdn), 'a.png');
      assert.equal(urlToStorageName('https://user@cdn.example.com/media/a.png', cdn), 'a.png');
      assert.equal(urlToStorageName('https://cdn.example.com:8443/media/a.png', cdn), null);
    });

    it('rejects other hosts, look-alike hosts and path-only URLs', () => {
      assert.equal(urlToStorageName('https://evil.example.com/media/a.png', cdn), null);
      assert.equal(urlToStorageName('https://cdn.example.com.evil.com/media/a.png', cdn), null);
      assert.equal(urlToStorageName('https://cdn.example.com@evil.com/media/a.png', cdn), null);
      assert.equal(urlToStorageName('/media/a.png', cdn), null);
    });

    it('does not map absolute URLs against a path-only MEDIA_URL (the site host is unknown)', () => {
      assert.equal(urlToStorageName('https://example.com/media/a.png', '/media/'), null);
    });

    it('keeps the traversal guard', () => {
      assert.equal(urlToStorageName('https://cdn.example.com/media/..%2F..%2Fx', cdn), null);
      assert.equal(urlToStorageName('https://cdn.example.com/media/%2e%2e/x', cdn), null);
    });
  });
});

describe('storageNameToPath', () => {
  it('joins a storage name under MEDIA_ROOT', () => {
    assert.equal(storageNameToPath('/srv/app/media', 'products/mug.png'), '/srv/app/media/products/mug.png');
    assert.equal(storageNameToPath('/srv/app/media/', 'a b/ü.png'), '/srv/app/media/a b/ü.png');
    assert.equal(storageNameToPath('/srv/app/media', 'a//./b.png'), '/srv/app/media/a/b.png');
    assert.equal(storageNameToPath('/', 'x.png'), '/x.png');
    assert.equal(storageNameToPath('C:/proj/media', 'x.png'), 'C:/proj/media/x.png');
  });

  it('returns MEDIA_ROOT itself for an empty name', () => {
    assert.equal(storageNameToPath('/srv/media', ''), '/srv/media');
  });

  it('returns null when the name would leave MEDIA_ROOT', () => {
    assert.equal(storageNameToPath('/srv/media', '../settings.py'), null);
    assert.equal(storageNameToPath('/srv/media', 'a/../../x'), null);
    assert.equal(storageNameToPath('/srv/media', 'a\\..\\..\\x'), null);
  });

  it('treats an absolute name as relative to MEDIA_ROOT, never as a path of its own', () => {
    assert.equal(storageNameToPath('/srv/media', '/etc/passwd'), '/srv/media/etc/passwd');
  });

  it('returns null for an unset or relative MEDIA_ROOT and for NUL', () => {
    assert.equal(storageNameToPath('', 'a.png'), null);
    assert.equal(storageNameToPath('media', 'a.png'), null);
    assert.equal(storageNameToPath('/srv/media', 'a\0.png'), null);
  });
});

const HOSTILE = [
  '..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%2e', '%2f', '%2F', '%5c', '%5C', '\\', '/', '//', '%00',
  '%zz', '%', '?', '#', 'a', 'ü', '%C3%BC', ' ', '%20', '..%2f', '..%5c', '....', '.../', '%252e%252e',
  '\t', '\n', 'C:', '~', '${x}', '@', 'https:', '//evil.com/',
];

describe('no mapped path ever leaves MEDIA_ROOT (property over hostile URLs)', () => {
  const root = '/srv/app/media';
  for (const mediaUrl of ['/media/', '/media', '/', '/kitchen/media/', 'https://cdn.example.com/media/']) {
    it(`holds for MEDIA_URL ${JSON.stringify(mediaUrl)}`, () => {
      const random = seededRandom(mediaUrl.length * 7919);
      const prefix = mediaUrl.startsWith('https:') ? 'https://cdn.example.com/media/' : mediaUrl;
      let mapped = 0;
      for (let n = 0; n < 20_000; n++) {
        let url = prefix;
        const parts = 1 + Math.floor(random() * 8);
        for (let k = 0; k < parts; k++) url += HOSTILE[Math.floor(random() * HOSTILE.length)];
        const name = urlToStorageName(url, mediaUrl);
        if (name === null) continue;
        mapped++;
        assert.ok(!name.split(/[\\/]/).includes('..'), `${url} -> ${name}`);
        assert.ok(!name.startsWith('/') && !name.includes('\0'), `${url} -> ${name}`);
        const path = storageNameToPath(root, name);
        assert.ok(path !== null, `${url} -> ${name} has no path`);
        assert.ok(path.startsWith(`${root}/`), `${url} -> ${path}`);
        assert.ok(!path.slice(root.length).split('/').some((s) => s === '..' || s === '.'), `${url} -> ${path}`);
      }
      // The generator must also produce mappable URLs, or the property would hold vacuously.
      assert.ok(mapped > 1000, `only ${mapped} URLs mapped`);
    });
  }
});
