/**
 * The one settings model. `parseSettings` reads the raw `roadmapLinks.*` values, whichever front end
 * found them (the CLI's `.vscode/settings.json`, the server's `workspace/configuration` or
 * `initializationOptions`), and `compileSettings` builds the regular expressions once. Policy, the same
 * everywhere: a value that cannot be used is reported as a problem and its default is used instead.
 */
import { RE2JS } from 're2js';
import { compileGlobs } from './glob';
import { closestIds } from './ids';
import { DEFAULT_SETTINGS, type RoadmapLinksSettings, type Severity } from './types';

/** The `@roadmap` marker: code that serves an item without being debt. Found with the debt tags. */
export const MARKER_TAG = '@roadmap';

/** VS Code settings that add exclusion globs (maps of glob → true), honoured by the CLI and the server alike. */
export const EDITOR_EXCLUDE_SECTIONS = ['files.exclude', 'search.exclude'] as const;

const SEVERITIES: readonly (Severity | 'off')[] = ['error', 'warning', 'information', 'hint', 'off'];

/** One setting that was given but cannot be used. */
export interface SettingsProblem {
  /** The setting's full key, e.g. `roadmapLinks.idPattern`. */
  key: string;
  /** A sentence for people: the value, why it is unusable, and what is used instead. */
  message: string;
}

export interface ParsedSettings {
  settings: RoadmapLinksSettings;
  problems: SettingsProblem[];
}

/** An ID pattern compiled for each way the product matches IDs. */
export interface IdMatchers {
  /** The pattern as the settings give it (shown in messages). */
  source: string;
  /** Anchored: the whole string is one ID. */
  whole: RegExp;
  /** Global, with word boundaries: every ID in a text (set `lastIndex` before `exec`). */
  search: RegExp;
  /** Sticky, with word boundaries: an ID exactly at `lastIndex`. */
  at: RegExp;
}

/** Settings with their patterns compiled: what every core function takes. Build with `compileSettings`. */
export interface CompiledSettings extends Readonly<RoadmapLinksSettings> {
  readonly ids: IdMatchers;
  /** Every debt tag and the marker, each once, longest first: at a position the first that occurs there wins. */
  readonly finderTags: readonly string[];
  /** The debt tags as an escaped regular-expression alternation, longest first (no marker). */
  readonly tagAlternation: string;
}

/**
 * The only place an ID pattern becomes regular expressions. The built-in pattern runs on V8's engine
 * (it has no nested repetition, so it cannot backtrack without bound, and it is 70× faster there); a
 * pattern from settings runs on RE2 (`re2js`), whose matching time is linear in the input whatever the
 * pattern, so `([A-Z]+)+-[0-9]+!` cannot freeze a scan. Throws a SyntaxError when the pattern does not
 * compile (RE2 has no lookaround or backreferences).
 */
export function compileIdPattern(source: string): IdMatchers {
  const bounded = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  if (source === DEFAULT_SETTINGS.idPattern) {
    return {
      source,
      whole: new RegExp(`^(?:${source})$`),
      search: new RegExp(bounded, 'g'),
      at: new RegExp(bounded, 'y'),
    };
  }
  let engine: LinearEngine;
  try {
    engine = {
      whole: RE2JS.compile(source),
      // Group 1 is the ID; the character after it (or the end) stands for the lookahead RE2 lacks.
      search: RE2JS.compile(`(?<![A-Za-z0-9_])(${source})(?:[^A-Za-z0-9_]|$)`, RE2JS.LOOKBEHINDS),
      at: RE2JS.compile(`^(${source})(?:[^A-Za-z0-9_]|$)`),
    };
  } catch (error) {
    throw new SyntaxError(`not a pattern RE2 can run: ${(error as Error).message}`);
  }
  return {
    source,
    whole: new LinearIdRegExp(source, '', engine, 'whole'),
    search: new LinearIdRegExp(bounded, 'g', engine, 'search'),
    at: new LinearIdRegExp(bounded, 'y', engine, 'at'),
  };
}

interface LinearEngine {
  whole: RE2JS;
  search: RE2JS;
  at: RE2JS;
}

/** Longer IDs are not looked for at a position (bounds the text handed to the anchored match). */
const MAX_ID_LENGTH = 1024;

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * A RegExp whose `exec` runs on RE2, so every caller (`test`, `exec` with `lastIndex`, `matchAll`) keeps
 * using the RegExp it knows. The V8 pattern it is constructed with only carries `source` and flags; it
 * is never executed.
 */
class LinearIdRegExp extends RegExp {
  constructor(
    pattern: string | LinearIdRegExp,
    flags: string,
    private readonly engine: LinearEngine = (pattern as LinearIdRegExp).engine,
    private readonly mode: 'whole' | 'search' | 'at' = (pattern as LinearIdRegExp).mode,
  ) {
    super(pattern, flags);
  }

  override exec(input: string): RegExpExecArray | null {
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const found = from <= input.length ? this.find(input, from) : undefined;
    if (!found) {
      if (this.global || this.sticky) this.lastIndex = 0;
      return null;
    }
    const [start, end] = found;
    if (this.global || this.sticky) this.lastIndex = end;
    return Object.assign([input.slice(start, end)], { index: start, input, groups: undefined }) as RegExpExecArray;
  }

  private find(input: string, from: number): [number, number] | undefined {
    if (this.mode === 'whole') return this.engine.whole.matches(input) ? [0, input.length] : undefined;
    if (this.mode === 'search') {
      const matcher = this.engine.search.matcher(input);
      return matcher.find(from) ? [matcher.start(1), matcher.end(1)] : undefined;
    }
    // Sticky: anchored at `from`, after a non-word character; one character past the ID decides its end.
    if (from > 0 && isWordChar(input.charCodeAt(from - 1))) return undefined;
    const window = input.slice(from, from + MAX_ID_LENGTH + 1);
    const matcher = this.engine.at.matcher(window);
    return matcher.find(0) ? [from + matcher.start(1), from + matcher.end(1)] : undefined;
  }
}

/**
 * Builds the patterns of settings that `parseSettings` (or `makeSettings`) produced. An ID pattern that
 * does not compile cannot come from there; it is a programming error and throws.
 */
export function compileSettings(settings: RoadmapLinksSettings): CompiledSettings {
  const tags = settings.tags.filter((tag) => tag.length > 0).sort((a, b) => b.length - a.length);
  return {
    ...settings,
    ids: compileIdPattern(settings.idPattern),
    finderTags: [...new Set([...tags, MARKER_TAG])].sort((a, b) => b.length - a.length),
    tagAlternation: tags.map(escapeRegExp).join('|'),
  };
}

/** The defaults, compiled once. */
export const DEFAULT_COMPILED_SETTINGS: CompiledSettings = compileSettings(DEFAULT_SETTINGS);

/**
 * Reads settings in VS Code's shape: flat `"roadmapLinks.tags"` keys, a nested `roadmapLinks` object, or
 * both (a flat key wins), plus the `files.exclude` / `search.exclude` maps, whose enabled globs are added
 * to `roadmapLinks.exclude`. Other sections are ignored. Every value that cannot be used is a problem, and
 * its default is used; so is a `roadmapLinks.*` key that is no setting.
 */
export function parseSettings(raw: unknown): ParsedSettings {
  const json = isRecord(raw) ? raw : {};
  const values: Record<string, unknown> = {};
  if (isRecord(json.roadmapLinks)) Object.assign(values, json.roadmapLinks);
  for (const [key, value] of Object.entries(json)) {
    if (key.startsWith('roadmapLinks.')) values[key.slice('roadmapLinks.'.length)] = value;
  }
  const settings: RoadmapLinksSettings = { ...DEFAULT_SETTINGS };
  const problems: SettingsProblem[] = [];
  const reject = (key: keyof RoadmapLinksSettings, value: unknown, why: string) =>
    problems.push({
      key: `roadmapLinks.${key}`,
      message: `roadmapLinks.${key} ${JSON.stringify(value) ?? String(value)} ${why}; using ${describeDefault(DEFAULT_SETTINGS[key])}.`,
    });
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue; // unset: VS Code reports unset keys as null in places
    switch (key) {
      case 'roadmapFiles':
      case 'exclude': {
        if (!isStringArray(value)) {
          reject(key, value, 'is not a list of strings');
          break;
        }
        // A glob the linear-time matcher refuses is dropped, and said so; the others are kept.
        const refused = compileGlobs(value).refused;
        for (const { glob, reason } of refused) {
          problems.push({
            key: `roadmapLinks.${key}`,
            message: `roadmapLinks.${key} glob ${JSON.stringify(glob)} is ${reason}; it is ignored.`,
          });
        }
        settings[key] = value.filter((glob) => !refused.some((entry) => entry.glob === glob));
        break;
      }
      case 'tags':
        if (isStringArray(value) && value.length > 0 && value.every((tag) => /^\S+$/.test(tag))) settings.tags = value;
        else reject(key, value, 'is not a list of one or more tags without spaces');
        break;
      case 'idPattern': {
        const why = idPatternProblem(value);
        if (why) reject(key, value, why);
        else settings.idPattern = value as string;
        break;
      }
      case 'proposalTarget':
        if (typeof value === 'string') settings.proposalTarget = value;
        else reject(key, value, 'is not a string');
        break;
      case 'unlinkedDebtSeverity':
        if (SEVERITIES.includes(value as Severity)) settings.unlinkedDebtSeverity = value as Severity | 'off';
        else reject(key, value, `is not one of ${SEVERITIES.join(', ')}`);
        break;
      case 'maxFileSizeBytes':
        if (typeof value === 'number' && Number.isFinite(value) && value > 0) settings.maxFileSizeBytes = value;
        else reject(key, value, 'is not a positive number');
        break;
      case 'staleMetricDays':
      case 'mixDays':
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) settings[key] = value;
        else reject(key, value, 'is not a whole number of days above 0');
        break;
      default:
        if (!EDITOR_ONLY_KEYS.includes(key)) problems.push(unknownSettingProblem(key));
    }
  }
  const editorExcludes = EDITOR_EXCLUDE_SECTIONS.flatMap((section) => enabledGlobs(json[section]));
  if (editorExcludes.length) settings.exclude = [...settings.exclude, ...editorExcludes];
  return { settings, problems };
}

/**
 * `roadmapLinks.*` keys that are not the core's but are no mistake: the language client's trace
 * (`roadmapLinks.trace.server`, flat in settings.json, nested in what VS Code answers).
 */
const EDITOR_ONLY_KEYS: readonly string[] = ['trace', 'trace.server'];

/** A misspelt key (`unlinkedDebtSeverty`) would be ignored without a word: it is said, with the key it likely means. */
function unknownSettingProblem(key: string): SettingsProblem {
  const [meant] = closestIds(key, Object.keys(DEFAULT_SETTINGS), 1);
  const unknown = `roadmapLinks.${key} is not a setting of Roadmap Links`;
  return {
    key: `roadmapLinks.${key}`,
    message: meant ? `${unknown}; did you mean roadmapLinks.${meant}? It is ignored.` : `${unknown}; it is ignored.`,
  };
}

/** Defaults with some values replaced, each checked as `parseSettings` checks it (a bad one keeps its default). */
export function makeSettings(overrides: Partial<RoadmapLinksSettings> = {}): CompiledSettings {
  return compileSettings(parseSettings({ roadmapLinks: overrides }).settings);
}

/** Why a value cannot be an ID pattern, or undefined when it can. */
function idPatternProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  if (value.length === 0) return 'is empty';
  try {
    new RegExp(value);
  } catch {
    return 'is not a valid regular expression';
  }
  try {
    compileIdPattern(value);
    return undefined;
  } catch {
    return 'uses lookaround or a backreference, which the linear-time matcher (RE2) cannot run';
  }
}

function enabledGlobs(map: unknown): string[] {
  return isRecord(map)
    ? Object.entries(map)
        .filter(([, on]) => on === true)
        .map(([glob]) => glob)
    : [];
}

function describeDefault(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : '[]';
  return value === '' ? '""' : String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
