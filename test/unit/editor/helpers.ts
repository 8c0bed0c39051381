import type { FileSystem } from '../../../src/core/fileSystem';
import { analyzeProject } from '../../../src/core/project/analyzeProject';
import type { ProjectModel } from '../../../src/core/model';
import { MemoryFileSystem } from '../helpers/memoryFileSystem';

const encoder = new TextEncoder();

function bytes(...parts: Array<number[] | string | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A PNG header (signature + IHDR) of the given size, padded to `total` bytes. */
export function png(width: number, height: number, total = 100): Uint8Array {
  const head = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(width), be32(height), [8, 6, 0, 0, 0], [0, 0, 0, 0]);
  const out = new Uint8Array(Math.max(total, head.length));
  out.set(head);
  return out;
}

/** manage.py selecting a settings module. */
export function managePy(module: string): string {
  return `import os\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n`;
}

/** Analyses the project whose manage.py is in `root`. */
export function analyze(fs: FileSystem, root = '/ws'): Promise<ProjectModel> {
  return analyzeProject(fs, { root, managePy: `${root}/manage.py`, name: root.slice(root.lastIndexOf('/') + 1) });
}

/** A project at /ws with the given settings module text (site/settings.py) plus more files. */
export function project(settings: string, files: Record<string, string | Uint8Array> = {}): MemoryFileSystem {
  // Listed in reverse order of creation: the editor features must not rely on the port's order.
  return new MemoryFileSystem({
    '/ws/manage.py': managePy('site.settings'),
    '/ws/site/__init__.py': '',
    '/ws/site/settings.py': settings,
    ...files,
  }, { unsorted: true });
}
