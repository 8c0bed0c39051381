import * as vscode from 'vscode';
import { parseVersion, type SeverityOverride } from '../../core/checks';
import { CONFIG_SECTION } from '../config';
import { RULE_INPUTS } from '../../core/diagnostics/ruleInputs';

/** The diagnostics settings of one project (they are resource-scoped: per folder). */
export interface DiagnosticsConfig {
  /** `djangoMedia.diagnostics.enable`. */
  enabled: boolean;
  /** `djangoMedia.diagnostics.severity`, valid entries only. */
  severity: Record<string, SeverityOverride>;
  /** `djangoMedia.djangoVersion`, when it is a version ("4.2", "5.0.3"). */
  djangoVersion: string | undefined;
}

/** A typed read plus what was wrong with the user's values, for the log. */
export interface DiagnosticsConfigRead {
  config: DiagnosticsConfig;
  problems: string[];
}

const LEVELS = new Set<SeverityOverride>(['error', 'warning', 'information', 'hint', 'ignore']);
// Spellings people carry over from other linters' settings.
const ALIASES: Record<string, SeverityOverride> = { info: 'information', warn: 'warning', off: 'ignore', none: 'ignore' };

/** Reads the diagnostics settings as they apply to `scope` (a project root). */
export function readDiagnosticsConfig(scope: vscode.Uri): DiagnosticsConfigRead {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const problems: string[] = [];

  const enabled = section.get<unknown>('diagnostics.enable') !== false;

  const severity: Record<string, SeverityOverride> = {};
  const raw = section.get<unknown>('diagnostics.severity');
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [code, value] of Object.entries(raw as Record<string, unknown>)) {
      const level = typeof value === 'string' ? (ALIASES[value.toLowerCase()] ?? value.toLowerCase()) : undefined;
      if (!(code in RULE_INPUTS)) problems.push(`djangoMedia.diagnostics.severity: "${code}" is not a Django Media diagnostic code; ignored`);
      else if (!level || !LEVELS.has(level as SeverityOverride)) problems.push(`djangoMedia.diagnostics.severity: "${String(value)}" for ${code} is not one of error, warning, information, hint, ignore; ignored`);
      else severity[code] = level as SeverityOverride;
    }
  } else if (raw !== undefined && raw !== null) {
    problems.push('djangoMedia.diagnostics.severity is not an object of code: level pairs; ignored');
  }

  let djangoVersion: string | undefined;
  const rawVersion = section.get<unknown>('djangoVersion');
  if (typeof rawVersion === 'string' && rawVersion.trim() !== '') {
    if (parseVersion(rawVersion.trim())) djangoVersion = rawVersion.trim();
    else problems.push(`djangoMedia.djangoVersion "${rawVersion}" is not a version like 4.2 or 5.0.3; the project's pinned version is used`);
  }

  return { config: { enabled, severity, djangoVersion }, problems };
}

/** What a configuration change means for the diagnostics of the project at `scope`. */
export function diagnosticsConfigChange(e: vscode.ConfigurationChangeEvent, scope: vscode.Uri): 'rerun' | 'republish' | undefined {
  if (e.affectsConfiguration(`${CONFIG_SECTION}.djangoVersion`, scope) || e.affectsConfiguration(`${CONFIG_SECTION}.diagnostics.enable`, scope)) return 'rerun';
  if (e.affectsConfiguration(`${CONFIG_SECTION}.diagnostics.severity`, scope)) return 'republish';
  return undefined;
}
