import * as vscode from 'vscode';
import { envFilesForTrust } from '../core/project/restrictedMode';

/** The configuration section of every Django Media setting. */
export const CONFIG_SECTION = 'djangoMedia';

/** The settings that change what the analysis of a project sees. */
export interface AnalysisConfig {
  /** `djangoMedia.settingsModule`; undefined when empty (let manage.py decide). */
  settingsModule: string | undefined;
  /** `djangoMedia.env`, string values only. */
  env: Record<string, string>;
  /** `djangoMedia.envFiles`, as written (relative to the folder of manage.py, or absolute). */
  envFiles: string[];
}

/** A typed read of the analysis settings for one resource, plus what was wrong with them. */
export interface AnalysisConfigRead {
  config: AnalysisConfig;
  /** Ignored parts of the user's values, in words, for the log. */
  problems: string[];
}

const ANALYSIS_KEYS = ['settingsModule', 'env', 'envFiles'] as const;

const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const ENV_NAME = /^[^=\0]+$/;

/** Reads the analysis settings as they apply to `scope` (a project root: they are resource-scoped). */
export function readAnalysisConfig(scope: vscode.Uri): AnalysisConfigRead {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const problems: string[] = [];

  let settingsModule: string | undefined;
  const rawModule = section.get<unknown>('settingsModule');
  if (typeof rawModule === 'string' && rawModule.trim() !== '') {
    const name = rawModule.trim();
    if (MODULE_NAME.test(name)) settingsModule = name;
    else problems.push(`djangoMedia.settingsModule "${rawModule}" is not a dotted module name; ignored`);
  }

  const env: Record<string, string> = {};
  const rawEnv = section.get<unknown>('env');
  if (rawEnv && typeof rawEnv === 'object' && !Array.isArray(rawEnv)) {
    for (const [name, value] of Object.entries(rawEnv as Record<string, unknown>)) {
      if (!ENV_NAME.test(name)) {
        problems.push(`djangoMedia.env: "${name}" is not a valid variable name; ignored`);
      } else if (typeof value === 'string') {
        env[name] = value;
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        // os.environ only holds strings; a JSON number or boolean is what the user would have exported.
        env[name] = String(value);
      } else {
        problems.push(`djangoMedia.env: the value of ${name} is not a string; ignored`);
      }
    }
  } else if (rawEnv !== undefined && rawEnv !== null) {
    problems.push('djangoMedia.env is not an object of NAME: "value" pairs; ignored');
  }

  const envFiles: string[] = [];
  const rawFiles = section.get<unknown>('envFiles');
  if (Array.isArray(rawFiles)) {
    for (const f of rawFiles) {
      if (typeof f === 'string' && f.trim() !== '') envFiles.push(f.trim());
      else problems.push('djangoMedia.envFiles: an entry is not a file path; ignored');
    }
  } else if (rawFiles !== undefined && rawFiles !== null) {
    problems.push('djangoMedia.envFiles is not a list of file paths; ignored');
  }

  const trusted = envFilesForTrust(envFiles, vscode.workspace.isTrusted);
  for (const f of trusted.skipped) problems.push(`djangoMedia.envFiles: "${f}" is outside the project folder; not read in Restricted Mode (trust the workspace to read it)`);

  return { config: { settingsModule, env, envFiles: trusted.read }, problems };
}

/** True when a configuration change alters the analysis of the project at `scope`. */
export function affectsAnalysis(e: vscode.ConfigurationChangeEvent, scope: vscode.Uri): boolean {
  return ANALYSIS_KEYS.some((key) => e.affectsConfiguration(`${CONFIG_SECTION}.${key}`, scope));
}

/** True when the change touches the env files list anywhere (the file watchers follow it). */
export function affectsEnvFiles(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${CONFIG_SECTION}.envFiles`);
}
