import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseEnvText, readEnvFiles } from '../../../src/core/project/readEnvFiles';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

test('parses env files like python-dotenv (values checked against dotenv_values)', () => {
  const text = [
    '# comment',
    'export A=1',
    'B = two words  # trailing comment',
    'C="quoted # not comment"',
    "D='single $X \\n raw'",
    'E="line1\\nline2"',
    'F="multi',
    'line"',
    'G=',
    'H',
    'I=a#b',
    'J="esc \\"q\\" \\\\ back"',
    ' K=indented',
  ].join('\n');
  assert.deepEqual(parseEnvText(text), {
    A: '1',
    B: 'two words',
    C: 'quoted # not comment',
    D: 'single $X \\n raw',
    E: 'line1\nline2',
    F: 'multi\nline',
    G: '',
    I: 'a#b',
    J: 'esc "q" \\ back',
    K: 'indented',
  });
});

test('a broken line is skipped and ${NAME} expands, as python-dotenv does', () => {
  assert.deepEqual(parseEnvText('A="open\nB=2\nC=${B}x\n'), { B: '2', C: '2x' });
  assert.deepEqual(parseEnvText('\uFEFFA=1\r\nB=2\r\n'), { A: '1', B: '2' });
});

test('reads the listed files in order relative to the project; later files win; missing ones are reported', async () => {
  const fs = new MemoryFileSystem({
    '/p/.env.docker': 'MEDIA_ROOT=/srv/a\nDEBUG=1\n',
    '/etc/site.env': 'MEDIA_ROOT=/srv/b\nCACHE=${MEDIA_ROOT}/cache-${DEBUG}\n',
  });
  const read = await readEnvFiles(fs, '/p', ['.env.docker', '/etc/site.env', 'nope/.env']);
  assert.deepEqual(read.env, { MEDIA_ROOT: '/srv/b', DEBUG: '1', CACHE: '/srv/b/cache-1' });
  assert.deepEqual(read.paths, ['/p/.env.docker', '/etc/site.env', '/p/nope/.env']);
  assert.equal(read.problems.length, 1);
  assert.match(read.problems[0]!, /\/p\/nope\/\.env is missing/);
});

test('binary or huge files are not read as env files', async () => {
  const fs = new MemoryFileSystem({ '/p/bin.env': 'A=1\u0000', '/p/big.env': 'A=' + 'x'.repeat(300 * 1024) });
  const read = await readEnvFiles(fs, '/p', ['bin.env', 'big.env']);
  assert.deepEqual(read.env, {});
  assert.equal(read.problems.length, 2);
});
