/**
 * The CLI reads the same settings as the editor: `roadmapLinks.*` keys of the folder's
 * `.vscode/settings.json` (JSON with comments and trailing commas), plus the globs of VS Code's
 * `files.exclude` / `search.exclude`, so `check` in CI sees what the editor sees. What the values mean
 * is `core/settings`' business, shared with the server.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseSettings, type ParsedSettings } from '../core/settings';

export interface LoadedSettings extends ParsedSettings {
  /** The file the settings came from, for messages. */
  file: string;
  /** Why the file as a whole was not used (unreadable JSON, not an object); absent when it was read or is missing. */
  fileProblem?: string;
}

export async function loadFolderSettings(folder: string): Promise<LoadedSettings> {
  const file = path.join(folder, '.vscode', 'settings.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { file, ...parseSettings({}) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonComments(text));
  } catch (error) {
    return { file, ...parseSettings({}), fileProblem: `not valid JSON (${(error as Error).message}); settings ignored` };
  }
  if (!isRecord(parsed)) return { file, ...parseSettings({}), fileProblem: 'not a JSON object; settings ignored' };
  return { file, ...parseSettings(parsed) };
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
