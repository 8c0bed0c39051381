// The Python subset, what is not a CPython value: the module's name and file as the host sets them,
// and where each value came from. The values themselves — literals, operators, strings and
// formatting, control flow, functions, comprehensions, containers — are cases in
// cases/language.py, checked against what CPython gives by cases.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalPy } from './harness';

test('__name__, __file__ and the if __name__ == "__main__" idiom', async () => {
  const src = `
WHO = __name__
WHERE = __file__
RAN = False
def main():
    global RAN
    RAN = True
if __name__ == "__main__":
    main()
`;
  const imported = await evalPy(src);
  assert.equal(imported.get('WHO'), 'proj.settings');
  assert.equal(imported.get('WHERE'), '/p/proj/settings.py');
  assert.equal(imported.get('RAN'), false);
  const main = await evalPy(src, { asMain: true });
  assert.equal(main.get('WHO'), '__main__');
  assert.equal(main.get('RAN'), true);
});

test('origins point at the value expression that last set a name', async () => {
  const r = await evalPy(`MEDIA_URL = "/a/"
if True:
    MEDIA_URL = (
        "/b/"
    )
X, Y = 1, 2
`);
  const b = r.evaluation.globals.get('MEDIA_URL');
  assert.equal(b?.origin.line, 3);
  assert.equal(b?.origin.column, 17);
  assert.equal(b?.origin.endLine, 5);
  assert.equal(r.evaluation.globals.get('Y')?.origin.column, 11);
});

test('a set is evaluated but has no JSON form: unknown, and the reason says why', async () => {
  const r = await evalPy('ST = {1}\nST |= {2}\n');
  assert.equal(r.raw('ST')?.kind, 'set');
  assert.match(r.why('ST'), /set/);
});
