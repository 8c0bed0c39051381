// os.path and pathlib, the file-system dependent parts (exists, resolve, realpath, expanduser) and
// the host's layout. String semantics and the module location are cases in cases/paths.py, checked
// against what CPython gives by cases.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalPy } from './harness';

test('resolve(strict=True) climbs to the file system root of the host (the project is /p)', async () => {
  const r = await evalPy('from pathlib import Path\nSTRICT = Path(__file__).resolve(strict=True).parent.parent.parent\n');
  assert.equal(r.get('STRICT'), '/');
});

test('a symbolic link inside the project makes resolve()/realpath() unknown, not wrong', async () => {
  const r = await evalPy(
    `
import os
from pathlib import Path
BASE = Path(__file__).resolve().parent
MEDIA = os.path.realpath(os.path.join(os.path.dirname(__file__), "media"))
PLAIN = os.path.abspath(os.path.join(os.path.dirname(__file__), "media"))
`,
    { files: { '/p/proj/media/.keep': '' } },
  );
  r.fs.markSymlink('/p/proj/media');
  const again = await evalPy(null, { fs: r.fs });
  assert.equal(again.get('BASE'), '/p/proj');
  assert.match(again.why('MEDIA'), /symbolic link/);
  assert.equal(again.get('PLAIN'), '/p/proj/media');
});

test('exists / isfile / isdir go through the file system and are recorded as probes', async () => {
  const r = await evalPy(
    `
import os
from pathlib import Path
HERE = os.path.dirname(__file__)
A = os.path.exists(os.path.join(HERE, "local.py"))
B = os.path.isfile(os.path.join(HERE, "local.py"))
C = os.path.isdir(os.path.join(HERE, "static"))
D = Path(HERE, "nope.py").exists(), Path(HERE, "static").is_dir(), Path(HERE, "static").is_file()
os.makedirs(os.path.join(HERE, "made"), exist_ok=True)
E = os.path.isdir(os.path.join(HERE, "made"))
`,
    { files: { '/p/proj/local.py': 'X = 1', '/p/proj/static/app.css': '' } },
  );
  assert.equal(r.get('A'), true);
  assert.equal(r.get('B'), true);
  assert.equal(r.get('C'), true);
  assert.deepEqual(r.get('D'), [false, true, false]);
  assert.equal(r.get('E'), true);
  assert.ok(r.evaluation.filesRead.includes('/p/proj/nope.py'), 'a missing file that was probed invalidates the result when it appears');
});

test('expanduser needs HOME in the environment', async () => {
  const src = `
import os
from pathlib import Path
A = os.path.expanduser("~/media")
B = Path("~/x").expanduser()
C = os.path.expanduser("/abs")
`;
  const without = await evalPy(src);
  assert.match(without.why('A'), /home folder/);
  assert.match(without.why('B'), /home folder/);
  assert.equal(without.get('C'), '/abs');
  const withHome = await evalPy(src, { env: { HOME: '/home/dev/' } });
  assert.equal(withHome.get('A'), '/home/dev/media');
  assert.equal(withHome.get('B'), '/home/dev/x');
});
