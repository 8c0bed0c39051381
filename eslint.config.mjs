// Lint enforces the layer boundary of ARCHITECTURE.md: the core never reaches vscode or the
// file system directly; the extension reaches files only through vscode.workspace.fs, or, for
// `file` folders in the Node extension host, through the Node-only part built from
// src/node/nodeFileSystem.ts (scripts/build.mjs), loaded by name, never imported.
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'examples/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeIo, 'vscode', 'path', 'node:path', 'os', 'node:os', 'process', 'node:process'].map((name) => ({
          name,
          message: 'src/core is pure: do I/O through the FileSystem port, use pathe for paths.',
        })),
        patterns: [{ group: ['**/extension/**', '**/node/**', '**/cli/**'], message: 'src/core must not depend on adapters.' }],
      }],
      'no-restricted-globals': ['error', 'process', 'require', '__dirname', '__filename', 'Buffer'],
    },
  },
  {
    // Only src/extension imports vscode (test/integration and test/web run inside VS Code too).
    files: ['src/node/**/*.ts', 'src/cli/**/*.ts', 'test/unit/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only src/extension imports vscode; put vscode-free code in src/core.' }],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeIo.map((name) => ({ name, message: 'Use vscode.workspace.fs so remote and virtual workspaces work.' })),
        patterns: [{ group: ['**/node/**', '**/cli/**'], message: 'The extension uses the core, not the CLI adapters.' }],
      }],
    },
  },
);
