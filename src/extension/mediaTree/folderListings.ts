import type * as vscode from 'vscode';
import { listMediaFolder, parentStorageName, statMediaEntries, type MediaEntry, type MediaExclude, type MediaFolderListing } from '../../core/mediaIndex';
import { readMediaTreeConfig } from './mediaTreeConfig';
import type { FolderState, ProjectMedia } from './projectMedia';
import type { SortPreference } from './sortPreference';

/** Entries stat'ed before a folder is shown: about a screenful. */
const STATS_BEFORE_SHOWING = 60;

/** The part of a folder the view shows. */
export interface ShownPage {
  readonly listing: MediaFolderListing;
  /** The first entries, up to what "Show more…" reached; the first screenful has its stat. */
  readonly page: readonly MediaEntry[];
  /** Resolves to the rest of the page once it is stat'ed too (undefined when nothing was left). */
  readonly later?: Promise<MediaEntry[]>;
}

/**
 * The listings of the folders the view has shown, a page at a time: each folder is listed once
 * (sorted, without excluded names) when first shown and again only when told to.
 */
export class FolderListings {
  /** The exclude patterns per project (the setting is resource-scoped). */
  private readonly excludes = new Map<string, MediaExclude>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly sort: SortPreference,
    private readonly pageSize: () => number,
  ) {}

  /** The shown page of a folder, listing it first if needed. */
  async shownPage(p: ProjectMedia, folder: string): Promise<ShownPage> {
    const state = this.stateOf(p, folder);
    const listing = await this.listingOf(p, state, folder);
    if (listing.error) return { listing, page: [] };
    const page = listing.page(state.shown);
    // Sizes for what fits on a screen before showing the folder; the rest of the page is stat'ed
    // right after and its items updated, so a large page does not hold the first entries back.
    const unknown = page.filter((e) => e.stat === undefined);
    await statMediaEntries(p.mediaFs!, unknown.slice(0, STATS_BEFORE_SHOWING));
    if (unknown.length <= STATS_BEFORE_SHOWING) return { listing, page };
    const later = unknown.slice(STATS_BEFORE_SHOWING);
    return { listing, page, later: statMediaEntries(p.mediaFs!, later).then(() => later) };
  }

  /** "Show more…": one more page of a folder; false when the folder is not shown. */
  showMore(p: ProjectMedia, folder: string): boolean {
    const state = p.folders.get(folder);
    if (!state) return false;
    state.shown += this.pageSize();
    return true;
  }

  /**
   * The entry `name` of a folder, paging the folder far enough to show it and stat'ing the entries
   * on the way (a file far down a 100,000-entry folder is shown without listing it all).
   */
  async pageTo(p: ProjectMedia, folder: string, name: string): Promise<MediaEntry | undefined> {
    const state = this.stateOf(p, folder);
    const listing = await this.listingOf(p, state, folder);
    const pos = listing.positionOf(name);
    if (pos < 0) return undefined;
    const pageSize = this.pageSize();
    if (pos >= state.shown) state.shown = Math.ceil((pos + 1) / pageSize) * pageSize;
    const page = listing.page(state.shown);
    await statMediaEntries(p.mediaFs!, page.slice(Math.max(0, pos - pageSize), pos + 1));
    return listing.find(name)!;
  }

  /**
   * Lists a folder again if the view has listed it. Sub-folders that are gone take their listings
   * with them; resolves to those sub-folders, or undefined when the folder was not listed.
   */
  async relist(p: ProjectMedia, folder: string): Promise<string[] | undefined> {
    const state = p.folders.get(folder);
    if (!state?.listing || p.mediaRoot === undefined) return undefined;
    state.listing = await listMediaFolder(p.mediaFs!, p.mediaRoot, folder, { sort: this.sort.order, exclude: this.excludeOf(p) });
    state.loading = undefined;
    state.dimensionBytes = 0;
    const gone: string[] = [];
    for (const known of [...p.folders.keys()]) {
      if (known === '' || parentStorageName(known) !== folder) continue;
      if (state.listing.find(known.slice(folder ? folder.length + 1 : 0))) continue;
      for (const k of [...p.folders.keys()]) if (k === known || k.startsWith(`${known}/`)) p.folders.delete(k);
      gone.push(known);
    }
    return gone;
  }

  /** Forgets every listing of these projects (they are listed again when next shown). */
  forgetListings(projects: Iterable<ProjectMedia>): void {
    for (const p of projects) {
      for (const f of p.folders.values()) {
        f.listing = undefined;
        f.loading = undefined;
        f.dimensionBytes = 0;
      }
    }
  }

  /** Forgets the exclude patterns read so far (the settings changed). */
  forgetSettings(): void {
    this.excludes.clear();
  }

  private stateOf(p: ProjectMedia, folder: string): FolderState {
    let state = p.folders.get(folder);
    if (!state) {
      state = { shown: this.pageSize() };
      p.folders.set(folder, state);
    }
    return state;
  }

  private listingOf(p: ProjectMedia, state: FolderState, folder: string): Promise<MediaFolderListing> {
    if (state.listing) return Promise.resolve(state.listing);
    if (!state.loading) {
      const loading = listMediaFolder(p.mediaFs!, p.mediaRoot!, folder, { sort: this.sort.order, exclude: this.excludeOf(p) });
      state.loading = loading;
      void loading.then((l) => {
        if (state.loading === loading) {
          state.listing = l;
          state.loading = undefined;
        }
      });
    }
    return state.loading;
  }

  private excludeOf(p: ProjectMedia): MediaExclude {
    let ex = this.excludes.get(p.key);
    if (!ex) {
      const c = readMediaTreeConfig(p.entry.rootUri);
      for (const problem of c.problems) this.log.warn(`[${p.name}] ${problem}`);
      ex = c.exclude;
      this.excludes.set(p.key, ex);
    }
    return ex;
  }
}
