/**
 * The CLI reads the same settings as the editor: `roadmapLinks.*` keys of the folder's
 * `.vscode/settings.json` (JSON with comments and trailing commas), plus the globs of VS Code's
 * `files.exclude` / `search.exclude`, so `check` in CI sees what the editor sees. What the values mean
 * is `core/settings`' business, shared with the server.
 */
import * as path from 'path';
import { parseSettings, type ParsedSettings } from '../core/settings';
import { readTextFile } from '../core/workspace/files';

/** A settings file is small; a bigger one (or a link to /dev/zero) is not read. */
export const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

export interface LoadedSettings extends ParsedSettings {
  /** The file the settings came from, for messages. */
  file: string;
  /** Why the file as a whole was not used (unreadable JSON, not an object); absent when it was read or is missing. */
  fileProblem?: string;
}

export async function loadFolderSettings(folder: string): Promise<LoadedSettings> {
  const file = path.join(folder, '.vscode', 'settings.json');
  // A regular file only (never through a symlink, never a FIFO), under the cap.
  const outcome = await readTextFile(file, MAX_SETTINGS_FILE_BYTES);
  if (!outcome.ok) {
    if (outcome.reason === 'unreadable' && /^E(NOENT|NOTDIR)$/.test(outcome.detail))
      return { file, ...parseSettings({}) };
    const why =
      outcome.reason === 'too-large'
        ? `larger than ${MAX_SETTINGS_FILE_BYTES} bytes`
        : outcome.reason === 'binary'
          ? 'not text'
          : outcome.detail;
    return { file, ...parseSettings({}), fileProblem: `${why}; settings ignored` };
  }
  const text = outcome.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonComments(text));
  } catch (error) {
    // Where, never what: node's message quotes the text, which need not be the user's to print.
    return {
      file,
      ...parseSettings({}),
      fileProblem: `not valid JSON${jsonErrorPlace(error as Error, text)}; settings ignored`,
    };
  }
  if (!isRecord(parsed)) return { file, ...parseSettings({}), fileProblem: 'not a JSON object; settings ignored' };
  return { file, ...parseSettings(parsed) };
}

/** " at line 3, column 7" from node's "… at position N" (or "(line 3 column 7)"), else nothing. */
function jsonErrorPlace(error: Error, text: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(error.message);
  if (lineColumn) return ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(error.message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
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
