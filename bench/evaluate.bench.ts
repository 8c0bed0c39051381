// Budget (issue 2): in-process evaluation of a realistic three-module split-settings project
// under 5 ms warm. Measures the settings evaluation alone and the whole analyzeProject
// (manage.py, settings, URLconf, candidates).
import { resolve } from 'node:path';
import { NodeFileSystem } from '../src/node/nodeFileSystem';
import { analyzeProject, AnalysisCache } from '../src/core/project/analyzeProject';
import { evaluateModule, resolveModuleFile } from '../src/core/python';
import { findDjangoProjects } from '../src/core/project/findProjects';

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.floor(s.length * 0.95)]! };
}

async function main(): Promise<void> {
  const fs = new NodeFileSystem();
  const root = resolve(__dirname, '../../bench/projects/split-settings');
  const [project] = await findDjangoProjects(fs, root);
  if (!project) throw new Error(`no project under ${root}`);
  const cache = new AnalysisCache();
  const host = { fs, env: new Map<string, string>(), sysPath: [root], cwd: root, cache: cache.parse };
  const file = await resolveModuleFile(host, 'shop.settings.dev');
  if (!file) throw new Error('settings module not found');

  const evalTimes: number[] = [];
  const analyzeTimes: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const ev = await evaluateModule({ ...host, env: new Map() }, file, 'shop.settings.dev');
    const t1 = performance.now();
    const model = await analyzeProject(fs, project, { cache });
    const t2 = performance.now();
    if (i === 0 && (!ev.globals.has('MEDIA_ROOT') || !model.settings.MEDIA_ROOT.known)) {
      throw new Error('evaluation did not produce MEDIA_ROOT');
    }
    if (i >= 50) {
      evalTimes.push(t1 - t0);
      analyzeTimes.push(t2 - t1);
    }
  }
  const e = stats(evalTimes);
  const a = stats(analyzeTimes);
  console.log(`evaluate settings (3 modules, warm): median ${e.median.toFixed(2)} ms, p95 ${e.p95.toFixed(2)} ms (budget < 5 ms)`);
  console.log(`analyzeProject (manage.py + settings + urls + candidates, warm): median ${a.median.toFixed(2)} ms, p95 ${a.p95.toFixed(2)} ms`);
  process.exitCode = e.median < 5 ? 0 : 1;
}

void main();
