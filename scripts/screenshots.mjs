#!/usr/bin/env node
// Screenshots for the README: opens the real workbench (code-server) on examples/demo-site with
// this extension installed from a freshly packaged .vsix (as users get it; --dev loads the
// repository as a development extension instead), plays each scenario's steps with playwright and
// writes docs/images/<name>.png. Add a scenario to `scenarios` below; `wb` offers the usual moves.
//
//   npm run screenshots [-- --only NAME] [-- --folder PATH] [-- --dev [--no-build]]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, startCodeServer } from './lib/codeServer.mjs';
import { ensureTools, repoRoot } from './lib/tools.mjs';

/**
 * @typedef {import('playwright-core').Page} Page
 * @typedef {ReturnType<typeof workbenchHelpers>} Workbench
 * @type {{name: string, folder?: string, width?: number, height?: number,
 *         steps: (page: Page, wb: Workbench) => Promise<void>}[]}
 */
export const scenarios = [
  {
    // The first screen a user sees: a settings file open, the media status bar item at the bottom.
    name: 'workbench',
    steps: async (page, wb) => {
      await wb.openFile('demo/settings/base.py');
      await wb.statusBarItem('/media').waitFor();
    },
  },
  {
    name: 'status-bar-tooltip',
    steps: async (page, wb) => {
      await wb.openFile('demo/settings/base.py');
      await wb.hover(wb.statusBarItem('/media'));
    },
  },
  {
    // The Media explorer (Django Media activity bar container): MEDIA_ROOT of the demo site with
    // image thumbnails, a folder expanded, an image open in VS Code's image preview.
    name: 'media-explorer',
    steps: async (page) => {
      await page.locator('.activitybar .action-item a[aria-label^="Django Media"]').first().click();
      // The Unused & Missing view (its own shot below) is collapsed, as a user does: the tree has the room.
      await page.locator('.pane-header[aria-expanded="true"]', { hasText: 'Unused & Missing' }).first().click();
      await page.locator('.pane-header[aria-expanded="false"]', { hasText: 'Unused & Missing' }).first().waitFor();
      const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Media Files' }) });
      const row = (name) => view.locator('.monaco-list-row', { hasText: name }).first();
      for (const folder of ['photos', 'products', 'documents', 'banners', 'avatars']) {
        await row(folder).click();
        await row(folder).locator('.monaco-tl-twistie.collapsible:not(.collapsed)').waitFor();
      }
      await row('sunset.png').click();
      await page.locator('.tabs-container .tab', { hasText: 'sunset.png' }).first().waitFor();
      // Every thumbnail and the preview have loaded and the size/dimension descriptions are in.
      await view.locator('.monaco-list-row', { hasText: /\d+×\d+/ }).nth(3).waitFor();
      // The image preview has loaded when it reports the image's size in the status bar.
      await page.locator('.statusbar-item', { hasText: '240x160' }).first().waitFor();
      // The tooltip: URL, size, dimensions, date and the picture (a tree item's hover needs a pointer that moves and rests).
      const box = await row('mug.jpg').boundingBox();
      await page.mouse.move(box.x + 40, box.y + box.height / 2, { steps: 4 });
      await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 4 });
      const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'URL' }).first();
      await tooltip.waitFor({ state: 'visible' });
      await tooltip.locator('img').first().waitFor({ state: 'visible' });
      await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover img, .workbench-hover img')].every((i) => i.complete && i.naturalWidth > 0));
    },
  },
  {
    // The Unused & Missing view after a scan: its own pane under Media Files, with the database caveat.
    name: 'media-audit',
    steps: async (page, wb) => {
      await page.locator('.activitybar .action-item a[aria-label^="Django Media"]').first().click();
      // The project is known (the command is offered) once the status bar shows MEDIA_URL.
      await wb.statusBarItem('/media').waitFor();
      await wb.runCommand('Django Media: Find Unused and Missing Media Files');
      const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Unused & Missing' }) });
      await view.locator('.monaco-list-row', { hasText: 'missing-cat.png' }).first().waitFor({ timeout: 30_000 });
      await wb.unhover();
    },
  },
  {
    // The uploads audit on a project whose db.sqlite3 Django made: orphans, rows with missing files,
    // files outside the upload folders, and the Models view.
    name: 'uploads-audit',
    folder: 'test/fixtures/workspaces/uploads-site',
    steps: async (page, wb) => {
      await page.locator('.activitybar .action-item a[aria-label^="Django Media"]').first().click();
      await wb.statusBarItem('/media').waitFor();
      // The file tree is not the subject here: folded first, it leaves the lists and the models room.
      await page.locator('.pane-header.expanded', { hasText: 'Media Files' }).first().click();
      await page.locator('.pane-header.expanded', { hasText: 'Media Files' }).waitFor({ state: 'detached' });
      await wb.runCommand('Django Media: Find Unused and Missing Media Files');
      const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Unused & Missing' }) });
      await view.locator('.monaco-list-row', { hasText: 'dog.txt' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.pane-header', { hasText: 'Models' }).first().click();
      await page.locator('.monaco-list-row', { hasText: 'gallery.Photo' }).first().waitFor({ timeout: 30_000 });
      await wb.unhover();
    },
  },
  {
    // Hovering upload_to= in a model: the folder it writes to under MEDIA_ROOT and what is there now.
    name: 'upload-to-hover',
    folder: 'test/fixtures/workspaces/uploads-site',
    steps: async (page, wb) => {
      await wb.openFile('gallery/models.py');
      await wb.statusBarItem('/media').waitFor();
      const token = page.locator('.monaco-editor .view-line span span', { hasText: 'upload_to' }).first();
      await token.waitFor();
      const box = await token.boundingBox();
      await page.mouse.move(box.x + 10, box.y + box.height / 2);
      await page.mouse.move(box.x + 25, box.y + box.height / 2, { steps: 5 });
      await page.locator('.monaco-hover', { hasText: 'Uploads go under' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover')].every((h) => h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running')));
    },
  },
  {
    // Hovering a media URL in a Django template: the picture from MEDIA_ROOT, its facts and links.
    name: 'hover-image',
    steps: async (page, wb) => {
      await wb.openFile('templates/gallery/photo_list.html');
      // The project is analysed once the status bar shows MEDIA_URL.
      await wb.statusBarItem('/media').waitFor();
      const token = page.locator('.monaco-editor .view-line span span', { hasText: 'photos/forest.png' }).last();
      const hoverImage = page.locator('.monaco-hover img').first();
      // The editor re-renders the line when the extension's links and thumbnails arrive, which can
      // swallow a hover begun just before: find the span again and move onto it again until the hover
      // shows (a few tries at most).
      for (let tries = 0; ; tries++) {
        await token.waitFor();
        const box = await token.boundingBox();
        if (!box) {
          if (tries >= 20) throw new Error('the line with photos/forest.png never settled');
          continue;
        }
        await page.mouse.move(box.x + box.width / 2, box.y - box.height * 3);
        // Onto the end of the file's path (not the {{ MEDIA_URL }} tag before it), in small steps as a hand would.
        await page.mouse.move(box.x + box.width - 60, box.y + box.height / 2);
        await page.mouse.move(box.x + box.width - 30, box.y + box.height / 2, { steps: 5 });
        try {
          await hoverImage.waitFor({ state: 'visible', timeout: tries < 4 ? 5_000 : 30_000 });
          break;
        } catch (e) {
          if (tries >= 4) throw e;
        }
      }
      await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover img')].every((i) => i.complete && i.naturalWidth > 0));
      // The hover fades in: shoot it once its animation is over.
      await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover')].every((h) => h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running')));
    },
  },
  {
    // Show Media Settings: the rendered document (a webview), each "decided by" label a link to its line.
    name: 'media-settings',
    height: 820,
    steps: async (page, wb) => {
      await wb.openFile('demo/settings/base.py');
      await wb.statusBarItem('/media').waitFor();
      await wb.runCommand('Django Media: Show Media Settings');
      // A webview's page sits in an iframe inside the workbench's webview iframe.
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await view.locator('h1', { hasText: 'Media settings' }).waitFor({ timeout: 30_000 });
      await view.locator('a[data-link]', { hasText: 'demo/settings/base.py' }).first().waitFor();
      await view.locator('button', { hasText: 'Copy as Markdown' }).waitFor();
    },
  },
  {
    // Thumbnails in the gutter next to the media URLs of a template (djangoMedia.editor.gutterThumbnails).
    name: 'gutter-thumbnails',
    height: 560,
    steps: async (page, wb) => {
      await wb.openFile('templates/gallery/photo_list.html');
      await wb.statusBarItem('/media').waitFor();
      // A gutter icon is a glyph-margin element (.cgmr) whose CSS class carries the image as its background.
      await page.waitForFunction(() => [...document.querySelectorAll('.monaco-editor .cgmr')]
        .filter((e) => getComputedStyle(e).backgroundImage.startsWith('url(')).length >= 3, undefined, { timeout: 30_000 });
      await wb.unhover();
    },
  },
  {
    // The Problems panel on the demo site: Django Media's diagnostics with their codes, the upload
    // template open at the <form> that lacks its enctype, and the quick fix offered there.
    name: 'problems-panel',
    height: 820,
    steps: async (page, wb) => {
      await wb.openFile('templates/gallery/photo_upload.html');
      await wb.statusBarItem('/media').waitFor();
      await wb.runCommand('Problems: Focus on Problems View');
      const panel = page.locator('.markers-panel');
      for (const code of ['form-missing-enctype', 'missing-in-development', 'missing-file']) {
        await panel.locator('.monaco-list-row', { hasText: code }).first().waitFor({ timeout: 30_000 });
      }
      // Back in the editor, on the <form> line: the light bulb menu lists the quick fix.
      await page.locator('.monaco-editor .view-line', { hasText: '<form method="post"' }).first().click();
      await page.keyboard.press('Home');
      await page.keyboard.press('Control+.');
      await page.locator('.action-widget .monaco-list-row', { hasText: 'enctype' }).first().waitFor();
    },
  },
];

/** Moves a person makes in the workbench, each waiting for its visible outcome. */
function workbenchHelpers(page) {
  const wb = {
    /** The status bar entry whose text or accessible name contains `text`. */
    statusBarItem: (text) => page.locator('.statusbar-item', { hasText: text }).first(),
    /** Quick Open (Ctrl+P) a workspace-relative path and wait for its editor tab. */
    async openFile(relPath) {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(relPath);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
      await page.keyboard.press('Enter');
      const base = relPath.split('/').pop();
      await page.locator('.tabs-container .tab', { hasText: base }).first().waitFor();
      await page.locator('.monaco-editor .view-lines').first().waitFor();
    },
    /** Runs a command from the Command Palette by its title, e.g. 'Django Media: Show Media Settings'. */
    async runCommand(title) {
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    },
    /** Hovers an element and waits for a hover or tooltip to appear. */
    async hover(locator) {
      await locator.hover();
      await page.locator('.monaco-hover, .workbench-hover, .monaco-hover-content').first().waitFor({ state: 'visible' });
    },
    /** Moves the pointer away so no hover covers the shot. */
    async unhover() { await page.mouse.move(1, 1); },
  };
  return wb;
}

async function waitForWorkbench(page) {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor();
  // The explorer has listed the folder: the workbench finished restoring.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

const { values } = parseArgs({ options: {
  only: { type: 'string', multiple: true }, folder: { type: 'string' }, dev: { type: 'boolean', default: false },
  'extension-path': { type: 'string' }, 'no-build': { type: 'boolean', default: false },
} });
const devPath = values['extension-path'] ? resolve(values['extension-path']) : repoRoot;
let vsix;
if (!values.dev) {
  // Packaging runs the build (vscode:prepublish).
  vsix = join(repoRoot, '.cache', 'screenshots', 'django-media.vsix');
  mkdirSync(dirname(vsix), { recursive: true });
  const p = spawnSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: repoRoot, stdio: 'inherit' });
  if (p.status !== 0) { console.error('screenshots: packaging failed'); process.exit(1); }
} else if (!values['no-build']) {
  const b = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (b.status !== 0) { console.error('screenshots: the build failed'); process.exit(1); }
}
await ensureTools({ apt: true, codeServer: true, web: false });
const outDir = join(repoRoot, 'docs', 'images');
mkdirSync(outDir, { recursive: true });
const chosen = scenarios.filter((s) => !values.only || values.only.includes(s.name));
if (chosen.length === 0) { console.error(`screenshots: no scenario named ${values.only}`); process.exit(2); }

let failures = 0;
for (const scenario of chosen) {
  const started = Date.now();
  const server = await startCodeServer({ vsix, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false } });
  const { browser, page } = await launchBrowser({ width: scenario.width ?? 1280, height: scenario.height ?? 760 });
  try {
    const folder = resolve(repoRoot, values.folder ?? scenario.folder ?? 'examples/demo-site');
    await page.goto(server.workbenchUrl({ folder, extensionDevelopmentPath: vsix ? undefined : devPath }));
    await waitForWorkbench(page);
    await scenario.steps(page, workbenchHelpers(page));
    const file = join(outDir, `${scenario.name}.png`);
    await page.screenshot({ path: file });
    console.log(`screenshots: ${scenario.name} → ${file} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  } catch (err) {
    failures++;
    const file = join(repoRoot, '.cache', `screenshot-failed-${scenario.name}.png`);
    await page.screenshot({ path: file }).catch(() => {});
    console.error(`screenshots: ${scenario.name} failed: ${err instanceof Error ? err.message : err}\n  (what the page showed: ${file})`);
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
}
process.exitCode = failures ? 1 : 0;
