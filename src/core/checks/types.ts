import type { MediaReference, SourceRange } from '../model';
import type { StaticReference } from '../staticfiles/references';
import type { SyntaxTrees } from '../python/syntaxTrees';

/** How loudly a finding is shown; the names match the CLI contract and VS Code's levels. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A per-code severity override, as the `djangoMedia.diagnostics.severity` setting holds it. */
export type SeverityOverride = Severity | 'ignore';

/** A span inside one file, 1-based lines and columns, columns in UTF-16 code units (end exclusive). */
export interface TextRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Replace the text of `range` in `file` by `newText` (an empty range inserts). */
export interface TextEdit {
  file: string;
  range: TextRange;
  newText: string;
}

/**
 * A quick fix. `edits` change existing files; creating a folder or a new file is a separate,
 * explicit action so that an editor can show (and a user can confirm) it.
 */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** Folders to create (with their parents). */
  createFolders?: string[];
  /** New files to create; never overwrites an existing file. */
  createFiles?: Array<{ path: string; content: string }>;
  /** The fix an editor may apply with "fix all" / auto-fix. */
  isPreferred?: boolean;
}

/** What a check reports. The CLI and the editor show exactly these codes and messages. */
export interface Finding {
  /** Stable code `<area>.<kebab-problem>`. */
  code: string;
  severity: Severity;
  message: string;
  /** Where it is shown: the expression that decided it. */
  range: SourceRange;
  /** The Django system check id or `runtime.<name>` it mirrors; null when Django does not report it. */
  djangoCheck: string | null;
  fixes: QuickFix[];
  /** Other places that explain the finding (the model field, the urls.py line...). */
  related?: Array<{ range: SourceRange; message: string }>;
}

/** A cancellation flag the caller may set while checks run. */
export interface CancellationFlag {
  readonly aborted: boolean;
}

/** Inputs of `runChecks`. */
export interface CheckOptions {
  /** Per-code severity overrides; "ignore" drops the code. */
  severity?: Record<string, SeverityOverride>;
  /** The Django version to mirror ("4.2", "5.0.3"); else the version pinned by the project, else 5.2. */
  djangoVersion?: string;
  token?: CancellationFlag;
  /** Trees the analysis of the same run parsed (AnalysisCache with keepSyntaxTrees): a module the
   *  URLconf imported is not parsed again by the rules. null: parse everything the rules read anew
   *  (inspectWorkspace otherwise shares its analysis' trees). */
  syntaxTrees?: SyntaxTrees | null;
  /** false: the rules parse every candidate module, not only those the cheap text test lets
   *  through (CheckContext.prefilter; the parity test compares both). */
  prefilter?: boolean;
  /** The media references of checkReferenceContext(model), when the caller already found them
   *  (inspect, in the walk of its own references): the checks then read no text for them. */
  mediaReferences?: MediaReference[];
  /** The project's static references, when the caller already found them (inspect, in the same walk). */
  staticReferences?: StaticReference[];
  /** Python modules whose text the caller read in this run and found without any of the words the
   *  rules' scans look for before parsing (rulesMayParse is false): the scans skip them unread
   *  (inspect, in the same walk). */
  pythonWithoutRuleWords?: ReadonlySet<string>;
  /** Texts of files the caller read in this run with readTextFile through the same file system
   *  (inspect's walk: templates, Python modules the scans look at), taken instead of reading them again. */
  texts?: ReadonlyMap<string, string>;
}

/** One rule's finding before severity overrides are applied. */
export interface RuleFinding {
  range: SourceRange;
  message: string;
  /** Overrides the rule's Django id for this finding (null: Django would not report this one). */
  djangoCheck?: string | null;
  /** Overrides the rule's default severity for this finding (e.g. a deploy check shown as information). */
  severity?: Severity;
  fixes?: QuickFix[];
  related?: Array<{ range: SourceRange; message: string }>;
}

/** An input of a check other than the project model: a change to it makes the check's findings stale. */
export type RuleInput =
  /** Template files, each scanned on its own (a change re-runs the check for that file only). */
  | 'templates'
  /** Media URLs in templates, stylesheets and Markdown, each file on its own. */
  | 'references'
  /** The project's Python modules other than those the model read (models, forms, views). */
  | 'python'
  /** nginx configurations, docker-compose files, Dockerfiles. */
  | 'deploy'
  /** .gitignore files and .git/info/exclude. */
  | 'gitignore'
  /** Which files exist inside MEDIA_ROOT. */
  | 'media'
  /** Whether the MEDIA_ROOT and STATICFILES_DIRS folders exist. */
  | 'folders';

/**
 * Static description of a rule: everything the editor's severity setting, docs/diagnostics.md
 * (both generated from it by scripts/generate-contributions.mjs), the SARIF output and the
 * editor's change planner know about the rule.
 */
export interface RuleInfo {
  /** Stable code `<area>.<kebab-problem>`. */
  code: string;
  defaultSeverity: Severity;
  /** The Django id this rule mirrors, when it mirrors one. */
  djangoCheck: string | null;
  /**
   * What the rule reads besides the project model. The editor re-runs it when one of these
   * changes; a missing input leaves its findings stale until the next full run.
   */
  inputs: readonly RuleInput[];
  /** One sentence: what is wrong. */
  description: string;
  /** What the quick fix does, when there is one. */
  fix?: string;
  /** Django versions where Django reports it ("≥ 4.0"), when it depends on the version. */
  versions?: string;
}
