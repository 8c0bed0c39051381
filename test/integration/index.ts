// The suite entry the extension host loads (extensionTestsPath): runs the compiled
// out/test/integration/**/*.test.js with mocha inside the host and writes a JSON verdict to the
// file named by DJANGO_MEDIA_TEST_RESULT, which scripts/run-integration.mjs reads. Both mocha
// interfaces are available: suite/test (tdd) and describe/it (bdd).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** One test as the runner prints it. */
interface TestOutcome {
  file: string;
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

/** The result file's shape. */
interface SuiteResult {
  run: string;
  passed: number;
  failed: number;
  pending: number;
  failures: { fullTitle: string; message: string }[];
  tests: TestOutcome[];
}

const compiledDir = __dirname; // out/test/integration
const sourceDir = path.resolve(__dirname, '..', '..', '..', 'test', 'integration');

/** Compiled test files whose .ts source still exists (stale output of deleted tests never runs). */
function findTests(): string[] {
  const wanted = (process.env.DJANGO_MEDIA_TEST_FILES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.test.js')) {
        const rel = path.relative(compiledDir, full).split(path.sep).join('/');
        const source = rel.replace(/\.js$/, '.ts');
        if (!fs.existsSync(path.join(sourceDir, source))) continue;
        if (wanted.length === 0 || wanted.includes(source)) found.push(full);
      }
    }
  };
  walk(compiledDir);
  return found.sort();
}

function message(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function writeResult(result: SuiteResult): void {
  const target = process.env.DJANGO_MEDIA_TEST_RESULT;
  if (!target) return;
  fs.writeFileSync(target, JSON.stringify(result, null, 2));
}

/** Called by the extension host; resolves when every test passed, rejects otherwise. */
export async function run(): Promise<void> {
  const result: SuiteResult = {
    run: process.env.DJANGO_MEDIA_TEST_RUN ?? 'integration',
    passed: 0, failed: 0, pending: 0, failures: [], tests: [],
  };
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'dot' });
  mocha.ui('bdd');
  if (process.env.DJANGO_MEDIA_TEST_GREP) mocha.grep(process.env.DJANGO_MEDIA_TEST_GREP);
  try {
    const files = findTests();
    if (files.length === 0) throw new Error(`no compiled integration tests found under ${compiledDir}`);
    for (const f of files) mocha.addFile(f);
    await mocha.loadFilesAsync();
  } catch (err) {
    result.failed = 1;
    result.failures.push({ fullTitle: 'loading the integration tests', message: message(err) });
    writeResult(result);
    throw err;
  }

  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    const fileOf = (t: Mocha.Runnable): string => path.relative(compiledDir, t.file ?? '').split(path.sep).join('/');
    runner.on('pass', (t) => {
      result.passed++;
      result.tests.push({ file: fileOf(t), title: t.title, fullTitle: t.titlePath().join(' › '), state: 'passed', durationMs: t.duration ?? 0 });
    });
    runner.on('pending', (t) => {
      result.pending++;
      result.tests.push({ file: fileOf(t), title: t.title, fullTitle: t.titlePath().join(' › '), state: 'pending', durationMs: 0 });
    });
    // Also fires for failing hooks, which have no 'pass' counterpart.
    runner.on('fail', (t, err) => {
      result.failed++;
      const text = message(err);
      result.failures.push({ fullTitle: t.titlePath().join(' › '), message: text });
      result.tests.push({ file: fileOf(t), title: t.title, fullTitle: t.titlePath().join(' › '), state: 'failed', durationMs: t.duration ?? 0, error: text });
    });
  });

  writeResult(result);
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
  if (result.passed === 0) throw new Error('no integration test passed');
}
