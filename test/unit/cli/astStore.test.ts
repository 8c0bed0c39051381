// Issue 13: the CLI keeps the modules it parsed (the evaluator's AST, the checks' lezer tree) in the
// user's cache folder, so that a later run on unchanged files parses nothing. A stored module must be
// exactly what a parse gives: differential tests against the parser on every fixture module, and
// against a run without the store on every fixture project, plus the ways a store entry can be wrong
// (another text, a damaged file, a value JSON cannot hold, another build's folder, too many files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { Tree, TreeBuffer } from '@lezer/common';
import { parseModuleWithTree, parsePythonTree } from '../../../src/core/python/parse/parseModule';
import { NodeAstStore, type StoreLimits } from '../../../src/node/nodeAstStore';
import { runCli } from '../../../src/cli/main';

const REPO = resolve(__dirname, '../../../..');
const FIXTURES = join(REPO, 'test/fixtures');

function pythonFiles(): string[] {
  return readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py') && !(e.parentPath ?? e.path).split(sep).includes('__pycache__'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Where two trees first differ (type, length, positions, per-node props, buffers), or undefined. */
function difference(a: Tree | TreeBuffer, b: Tree | TreeBuffer, at = 'top'): string | undefined {
  if (a instanceof TreeBuffer || b instanceof TreeBuffer) {
    if (!(a instanceof TreeBuffer && b instanceof TreeBuffer)) return `${at}: a buffer and a tree`;
    if (a.length !== b.length || a.set !== b.set) return `${at}: buffer length or node set`;
    if (a.buffer.length !== b.buffer.length || a.buffer.some((w, i) => w !== b.buffer[i])) return `${at}: buffer words`;
    return undefined;
  }
  if (a.type !== b.type) return `${at}: type ${a.type.name} against ${b.type.name}`;
  if (a.length !== b.length) return `${at}: length`;
  if (JSON.stringify(a.positions) !== JSON.stringify(b.positions)) return `${at}: positions`;
  if (JSON.stringify(a.propValues) !== JSON.stringify(b.propValues)) return `${at}: props ${JSON.stringify(a.propValues)} against ${JSON.stringify(b.propValues)}`;
  if (a.children.length !== b.children.length) return `${at}: child count`;
  for (let i = 0; i < a.children.length; i++) {
    const d = difference(a.children[i]!, b.children[i]!, `${at}/${i}`);
    if (d) return d;
  }
  return undefined;
}

async function withStore(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dm-store-'));
  try {
    await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PROJECT = '/home/user/project';

test('every fixture module reads back from the store as the parser gave it: the same AST, the same tree (props included)', () =>
  withStore(async (dir) => {
    const files = pythonFiles();
    assert.ok(files.length > 100, `fixture modules found: ${files.length}`);
    const store = NodeAstStore.open(dir, 'test', PROJECT)!;
    const parsed = files.map((file) => {
      const text = readFileSync(file, 'utf8');
      const { ast, tree } = parseModuleWithTree(text);
      store.set(text, ast);
      if (tree) store.setTree(text, tree);
      return { file, text, ast, tree };
    });
    store.save();
    const again = NodeAstStore.open(dir, 'test', PROJECT)!; // the next run
    let trees = 0;
    let asts = 0;
    for (const { file, text, ast, tree } of parsed) {
      const storedAst = again.get(text);
      if (ast.failure === null) {
        assert.deepStrictEqual(storedAst, ast, file);
        asts++;
      } else assert.equal(storedAst, undefined, `${file}: a failed parse is parsed again next time`);
      if (tree) {
        const storedTree = again.tree(text);
        assert.ok(storedTree, file);
        assert.equal(difference(tree, storedTree), undefined, file);
        trees++;
      }
    }
    assert.ok(asts > 100 && trees > 100, `${asts} ASTs, ${trees} trees`);
  }));

test('a tree read from the store serves an incremental parse as the parsed tree does', () =>
  withStore(async (dir) => {
    const store = NodeAstStore.open(dir, 'test', PROJECT)!;
    const files = pythonFiles().filter((_, i) => i % 7 === 0);
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const trees = texts.map((text) => parsePythonTree(text)!);
    texts.forEach((text, i) => store.setTree(text, trees[i]!));
    store.save();
    const again = NodeAstStore.open(dir, 'test', PROJECT)!;
    texts.forEach((text, i) => {
      const edited = `${text}\n\nclass Appended(models.Model):\n    document = models.FileField(upload_to="docs/")\n`;
      const fromParsed = parsePythonTree(edited, Infinity, { source: text, tree: trees[i]! })!;
      const fromStored = parsePythonTree(edited, Infinity, { source: text, tree: again.tree(text)! })!;
      assert.equal(fromStored.toString(), fromParsed.toString(), files[i]);
      assert.equal(fromStored.toString(), parsePythonTree(edited)!.toString(), files[i]);
    });
  }));

/** The one pack file of the store in `dir`. */
function packOf(dir: string, build = 'test'): string {
  const packs = readdirSync(join(dir, 'parsed', build)).filter((n) => n.endsWith('.pack'));
  assert.equal(packs.length, 1, `packs: ${packs.join(', ')}`);
  return join(dir, 'parsed', build, packs[0]!);
}

test('a stored module is given only to its own text; a damaged or foreign entry is a miss, and the next run stores it again', () =>
  withStore(async (dir) => {
    const store = NodeAstStore.open(dir, 'test', PROJECT)!;
    const text = 'MEDIA_ROOT = BASE_DIR / "media"\nMEDIA_URL = "/media/"\n';
    const { ast, tree } = parseModuleWithTree(text);
    store.set(text, ast);
    store.setTree(text, tree!);
    store.save();
    const reopen = () => NodeAstStore.open(dir, 'test', PROJECT)!;
    assert.deepStrictEqual(reopen().get(text), ast);
    assert.ok(reopen().tree(text));
    assert.equal(reopen().get(text.replace('media/', 'medio/')), undefined, 'another text of the same length');
    assert.equal(reopen().get(`${text} `), undefined);
    const pack = packOf(dir);
    const original = readFileSync(pack, 'utf8');
    // Entries holding another text under this text's name (as a hash collision would): misses.
    writeFileSync(pack, original.split('"source":"MEDIA_ROOT = BASE_DIR / \\"media\\"').join('"source":"MEDIA_ROOT = BASE_DIR / \\"medio\\"'));
    assert.equal(reopen().get(text), undefined);
    assert.equal(reopen().tree(text), undefined);
    writeFileSync(pack, original.slice(0, original.length - 40));
    assert.equal(reopen().tree(text), undefined, 'an entry cut short by a truncated pack');
    writeFileSync(pack, original.slice(0, 30));
    assert.equal(reopen().get(text), undefined, 'a pack without its first line');
    writeFileSync(pack, original.replace(/"[0-9a-f]{16}-[0-9a-f]+\.tree":\[\d+,\d+,/, (m) => m.replace(/\[\d+,\d+,/, '[0,99999999,')));
    assert.equal(reopen().tree(text), undefined, 'an index pointing past the end');
    // A buffer whose words are damaged (a node ending past its parent): lezer would read out of range.
    const damaged = original.replace(/"b":"([A-Za-z0-9+/=]+)"/, (_m, b: string) => {
      const bytes = Buffer.from(b, 'base64');
      bytes.writeUInt16LE(0xfffc, 6); // the first node's end index
      return `"b":"${bytes.toString('base64')}"`; // as long as before: the pack's index still holds
    });
    assert.notEqual(damaged, original);
    writeFileSync(pack, damaged);
    assert.equal(reopen().tree(text), undefined, 'a damaged buffer');
    // Only a regular file is read as a pack: never a link, a folder or a pipe put in its place.
    rmSync(pack);
    symlinkSync(join(dir, 'elsewhere.pack'), pack);
    writeFileSync(join(dir, 'elsewhere.pack'), original);
    assert.equal(reopen().get(text), undefined, 'a link');
    rmSync(pack);
    if (spawnSync('mkfifo', [pack]).status === 0) assert.equal(reopen().get(text), undefined, 'a pipe (a read would wait forever)');
    rmSync(pack, { force: true });
    writeFileSync(pack, original.slice(0, 30));
    const next = reopen();
    assert.equal(next.get(text), undefined);
    next.set(text, ast);
    next.save();
    assert.deepStrictEqual(reopen().get(text), ast);
  }));

test('a module with a value JSON cannot hold, or one that failed to parse, is not stored', () =>
  withStore(async (dir) => {
    const store = NodeAstStore.open(dir, 'test', PROJECT)!;
    const huge = 'LIMIT = 1e999\n';
    store.set(huge, parseModuleWithTree(huge).ast);
    const deep = `X = ${'('.repeat(300)}1${')'.repeat(300)}\n`;
    const failed = parseModuleWithTree(deep).ast;
    assert.ok(failed.failure);
    store.set(deep, failed);
    assert.equal(store.get(huge), undefined, 'Infinity would read back as null');
    assert.equal(store.get(deep), undefined);
    store.save();
    assert.deepEqual(readdirSync(join(dir, 'parsed', 'test')), [], 'nothing to write');
  }));

test('a pack keeps what earlier runs added, not what many writes did not use; each build has its own store', () =>
  withStore(async (dir) => {
    const text = (i: number) => `VALUE_${i} = ${i}\n`;
    const add = (build: string, project: string, i: number, limits?: StoreLimits) => {
      const store = NodeAstStore.open(dir, build, project, limits)!;
      store.set(text(i), parseModuleWithTree(text(i)).ast);
      store.save();
    };
    add('build-1', PROJECT, 0);
    add('build-1', PROJECT, 1);
    const first = NodeAstStore.open(dir, 'build-1', PROJECT)!;
    assert.ok(first.get(text(0)) && first.get(text(1)), 'both runs’ modules are kept');
    // A file edited over and over: each text's entry goes once eight writes of the pack did not use it.
    for (let i = 10; i < 20; i++) add('build-1', PROJECT, i);
    const later = NodeAstStore.open(dir, 'build-1', PROJECT)!;
    assert.deepEqual(
      [0, 1, 10, 11, 12, 13, 19].map((i) => later.get(text(i)) !== undefined),
      [false, false, false, false, true, true, true],
    );
    assert.equal(NodeAstStore.open(dir, 'build-1', '/elsewhere')!.get(text(0)), undefined, 'another project has its own pack');
    // Another build has its own store; the first build's stays while it is used (two installed
    // versions taking turns), and goes once unused for a day. Nothing outside parsed/ is touched.
    mkdirSync(join(dir, 'ast-grep'));
    add('build-2', PROJECT, 2);
    assert.equal(NodeAstStore.open(dir, 'build-2', PROJECT)!.get(text(19)), undefined);
    assert.deepEqual(readdirSync(join(dir, 'parsed')).sort(), ['build-1', 'build-2']);
    const twoDaysAgo = Date.now() / 1000 - 2 * 24 * 3600;
    utimesSync(join(dir, 'parsed', 'build-1'), twoDaysAgo, twoDaysAgo);
    add('build-2', PROJECT, 3);
    assert.deepEqual(readdirSync(join(dir, 'parsed')), ['build-2']);
    assert.deepEqual(readdirSync(dir).sort(), ['ast-grep', 'parsed']);
  }));

test('bounds: the least recently used packs go past the count; a pack keeps only its last run past its size, or is not written; killed runs leave nothing behind', () =>
  withStore(async (dir) => {
    const text = (i: number, pad = 0) => `VALUE_${i} = ${i}\n${'#'.repeat(pad)}\n`;
    const add = (project: string, i: number, limits: StoreLimits, pad = 0) => {
      const store = NodeAstStore.open(dir, 'b', project, limits)!;
      store.set(text(i, pad), parseModuleWithTree(text(i, pad)).ast);
      store.save();
    };
    const two = { maxPacks: 2 };
    const packs = () => readdirSync(join(dir, 'parsed', 'b')).filter((n) => n.endsWith('.pack'));
    add('/p1', 1, two);
    const [p1] = packs();
    add('/p2', 2, two);
    const [p2] = packs().filter((n) => n !== p1);
    // Written a while ago (file times are coarser than a test's steps), p1 before p2.
    const ago = (s: number) => Date.now() / 1000 - s;
    utimesSync(join(dir, 'parsed', 'b', p1!), ago(20), ago(20));
    utimesSync(join(dir, 'parsed', 'b', p2!), ago(10), ago(10));
    assert.ok(NodeAstStore.open(dir, 'b', '/p1', two)!.get(text(1)), 'p1 read: used more recently than p2');
    add('/p3', 3, two);
    const has = (project: string, i: number) => NodeAstStore.open(dir, 'b', project, two)!.get(text(i)) !== undefined;
    assert.deepEqual([has('/p1', 1), has('/p2', 2), has('/p3', 3)], [true, false, true]);

    const small = { maxPackBytes: 3000 };
    add('/big', 1, small, 1400);
    add('/big', 2, small, 1400);
    const bigPack = NodeAstStore.open(dir, 'b', '/big', small)!;
    assert.deepEqual([bigPack.get(text(1, 1400)) !== undefined, bigPack.get(text(2, 1400)) !== undefined], [false, true], 'past its size a pack keeps only its last run');
    add('/big', 3, small, 5000);
    const after = NodeAstStore.open(dir, 'b', '/big', small)!;
    assert.deepEqual([after.get(text(2, 1400)) !== undefined, after.get(text(3, 5000)) !== undefined], [true, false], 'a run that alone is too big writes nothing');
    for (const pack of readdirSync(join(dir, 'parsed', 'b')).filter((n) => n.endsWith('.pack'))) assert.ok(statSync(join(dir, 'parsed', 'b', pack)).size <= 3000, `${pack}: at most its size, in bytes`);

    const left = join(dir, 'parsed', 'b', 'x.pack.4242.tmp');
    const fresh = join(dir, 'parsed', 'b', 'y.pack.4243.tmp');
    writeFileSync(left, 'half');
    writeFileSync(fresh, 'half');
    const hourAgo = Date.now() / 1000 - 3600;
    utimesSync(left, hourAgo, hourAgo);
    add('/p4', 4, {});
    assert.deepEqual([existsSync(left), existsSync(fresh)], [false, true], 'what a killed run left is removed; a write under way is not');
  }));

test('every fixture project: inspect and check give the same output with the store (empty, then filled) as without it', async () => {
  const projects = [
    ...readdirSync(join(FIXTURES, 'projects')).map((n) => join(FIXTURES, 'projects', n)),
    ...readdirSync(join(FIXTURES, 'workspaces')).map((n) => join(FIXTURES, 'workspaces', n)),
    ...readdirSync(join(FIXTURES, 'checks')).map((n) => join(FIXTURES, 'checks', n)),
    join(REPO, 'bench/projects/split-settings'),
  ].filter((p) => statSync(p).isDirectory());
  assert.ok(projects.length > 60, `projects: ${projects.length}`);
  const dir = mkdtempSync(join(tmpdir(), 'dm-store-'));
  const run = async (argv: string[], withStore: boolean) => {
    let out = '';
    const code = await runCli(argv, (s) => (out += s), () => {}, withStore ? { astStore: (project) => NodeAstStore.open(dir, 'test', project) } : {});
    return `${code}\n${out}`;
  };
  try {
    for (const project of projects) {
      for (const argv of [['inspect', '--json', project], ['check', project, '--format', 'json']]) {
        const without = await run(argv, false);
        assert.equal(await run(argv, true), without, `${argv.join(' ')} (empty store)`);
        assert.equal(await run(argv, true), without, `${argv.join(' ')} (filled store)`);
      }
    }
    assert.equal(readdirSync(join(dir, 'parsed', 'test')).length, 32, 'a pack per project, for the 32 projects analysed last');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
