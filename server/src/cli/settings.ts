/**
 * The CLI reads the same settings as the editor: `roadmapLinks.*` keys of the folder's
 * `.vscode/settings.json` (JSON with comments and trailing commas), plus the globs of VS Code's
 * `files.exclude` / `search.exclude`, so `check` in CI sees what the editor sees.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS, type RoadmapLinksSettings, type Severity } from '../core/types';

export interface LoadedSettings {
  settings: Partial<RoadmapLinksSettings>;
  /** One line each: a setting that was ignored and why. */
  warnings: string[];
}

const SEVERITIES: readonly (Severity | 'off')[] = ['error', 'warning', 'information', 'hint', 'off'];

export async function loadFolderSettings(folder: string): Promise<LoadedSettings> {
  const file = path.join(folder, '.vscode', 'settings.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { settings: {}, warnings: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonComments(text));
  } catch (error) {
    return { settings: {}, warnings: [`${file}: not valid JSON (${(error as Error).message}); settings ignored`] };
  }
  if (!isRecord(parsed)) return { settings: {}, warnings: [`${file}: not a JSON object; settings ignored`] };
  return settingsFromJson(parsed, file);
}

/** Accepts both the flat form VS Code writes (`"roadmapLinks.tags"`) and a nested `roadmapLinks` object. */
export function settingsFromJson(json: Record<string, unknown>, source: string): LoadedSettings {
  const values: Record<string, unknown> = {};
  const nested = json.roadmapLinks;
  if (isRecord(nested)) Object.assign(values, nested);
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith('roadmapLinks.')) values[key.slice('roadmapLinks.'.length)] = value;
  }
  const settings: Partial<RoadmapLinksSettings> = {};
  const warnings: string[] = [];
  const reject = (key: string, expected: string) => warnings.push(`${source}: roadmapLinks.${key} must be ${expected}; ignored`);
  for (const [key, value] of Object.entries(values)) {
    switch (key) {
      case 'roadmapFiles':
      case 'tags':
      case 'exclude':
        if (isStringArray(value)) settings[key] = value;
        else reject(key, 'a list of strings');
        break;
      case 'idPattern':
        if (typeof value === 'string' && isValidRegex(value)) settings.idPattern = value;
        else reject(key, 'a valid regular expression');
        break;
      case 'proposalTarget':
        if (typeof value === 'string') settings.proposalTarget = value;
        else reject(key, 'a string');
        break;
      case 'unlinkedDebtSeverity':
        if (SEVERITIES.includes(value as Severity)) settings.unlinkedDebtSeverity = value as Severity | 'off';
        else reject(key, `one of ${SEVERITIES.join(', ')}`);
        break;
      case 'maxFileSizeBytes':
        if (typeof value === 'number' && Number.isFinite(value) && value > 0) settings.maxFileSizeBytes = value;
        else reject(key, 'a positive number');
        break;
      default:
        // Editor-only settings (views, decorations) are none of the CLI's business.
        break;
    }
  }
  const editorExcludes = [json['files.exclude'], json['search.exclude']].flatMap((map) =>
    isRecord(map) ? Object.entries(map).filter(([, on]) => on === true).map(([glob]) => glob) : [],
  );
  if (editorExcludes.length) settings.exclude = [...(settings.exclude ?? DEFAULT_SETTINGS.exclude), ...editorExcludes];
  return { settings, warnings };
}

/** Removes `//` and `/* *\/` comments and trailing commas outside strings (line breaks kept, so JSON errors name the right line). */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end < 0 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, '');
      i += comment.length;
    } else if (ch === ',') {
      const next = text[nextSignificant(text, i + 1)];
      if (next !== '}' && next !== ']') out += ch;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Index of the next character that is neither whitespace nor inside a comment. */
function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('//', i)) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else break;
  }
  return i;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
