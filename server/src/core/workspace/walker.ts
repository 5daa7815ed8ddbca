/**
 * Lists the files of a workspace folder worth reading: not ignored by any `.gitignore` on the way
 * down (nested ones included, via the `ignore` package), not excluded by settings globs, not over
 * the size cap. Unreadable folders and files vanishing mid-walk are reported, never thrown.
 */
import { promises as fs, readdirSync, type Dirent } from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { globMatcher, literalNeeds, type Needs } from '../glob';
import { readBytesSync, readTextFile } from './files';

export interface WalkOptions<K = true> {
  /** Workspace-relative globs of paths never to enter or list. */
  exclude: string[];
  /**
   * Called for files only, with the path relative to the walk's root: what the file is to the caller
   * (kept as the walked file's `kind`), or false/undefined to skip it.
   */
  wantFile(relativePath: string): K | false | undefined;
  /** Problems worth a log line (unreadable folder, …). */
  onSkip?(absolutePath: string, reason: string): void;
  /** Folders not entered: other workspace folders inside this one, walked as folders of their own. */
  skipFolders?: readonly string[];
  /** Whether `.gitignore` rules match without regard to case (`gitIgnoresCase` of the walk's root). */
  ignorecase?: boolean;
}

/** The rules of one `.gitignore`, for the folder it is in and below. */
export interface IgnoreScope {
  /** Folder the rules belong to, relative to the walk root ('' for the root). */
  base: string;
  /** The `.gitignore`'s text, and how case is matched: `rulesOf` makes `ignore`'s rules of them when first asked. */
  text: string;
  ignorecase: boolean;
  rules?: Ignore;
  /** Where on a path each rule can match (none: some rule may match anything, so the rules decide every path). */
  shapes?: RuleShapes;
}

/** A scope's rules, made on the first question: most `.gitignore`s are never asked one, and `ignore` compiles each rule. */
function rulesOf(scope: IgnoreScope): Ignore {
  return (scope.rules ??= ignore({ ignorecase: scope.ignorecase }).add(scope.text));
}

/**
 * The rules of a `.gitignore` as the walk's prefilter reads them: `ignore` tests tens of rules with a
 * regular expression each, for every entry of the walk, and most entries can match none of them. A rule
 * without a slash matches an entry's own name; a rule with one is anchored at the scope's folder, and
 * matches a path segment by segment (`*` and `?` within one, `**` any number of them).
 */
interface RuleShapes {
  /** Names a slash-free rule is outright (`node_modules`, `build/`). */
  names: Set<string>;
  /** Literal runs, one of which a name a slash-free wildcard rule matches holds (`.log` of `*.log`). */
  texts: string[];
  /** The anchored rules. */
  anchored: AnchoredRule[];
  ignorecase: boolean;
}

interface AnchoredRule {
  /** The path's segments from the scope's folder, as far as they are known: a name, or undefined for a wildcard. */
  fixed: (string | undefined)[];
  /** No `**` (nor anything of unknown extent) in the rule: it matches only paths of `fixed.length` segments. */
  exactDepth: boolean;
  /** What the last name of a path it matches is or holds; undefined when anything may be. */
  last?: Needs;
}

/** How a `.gitignore`'s rules stand at a folder below it. */
export interface ScopeState {
  /** The folder, or one above it, is ignored by these rules: so is everything in it (git's rule, and `ignore`'s). */
  ignored: boolean;
  /** Segments from the scope's folder to this one: the index of an entry's name in its path from there. */
  depth: number;
  /** The anchored rules whose known segments the path so far agrees with. */
  alive: readonly AnchoredRule[];
}

/** A file the walk found: its path, its path relative to the walk's root (forward slashes), its kind. */
export interface WalkedFile<K = true> {
  absolute: string;
  relative: string;
  kind: K;
}

/** A folder still to list: its path, its path relative to the walk's root, and the rules in force there. */
export interface PendingFolder {
  dir: string;
  relDir: string;
  scopes: readonly IgnoreScope[];
  /** For each scope, how its rules stand here. */
  states: readonly ScopeState[];
}

/** A folder listed: the rules in force for its entries, its own `.gitignore`'s included. */
export type ListedFolder = PendingFolder;

export function toPosix(relativePath: string): string {
  return path.sep === '/' ? relativePath : relativePath.split(path.sep).join('/');
}

/** A `.gitignore` larger than this is not read (it is a mistake or an attack, not a list of rules). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/**
 * Whether git matches ignore rules without regard to case here: `core.ignorecase` of the repository
 * holding `root` (git sets it on case-insensitive file systems), read from its config file, since
 * the walk also runs where no git may run. Not a repository, or not set: false, as git on Linux.
 */
export async function gitIgnoresCase(root: string): Promise<boolean> {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const stat = await fs.lstat(dotGit).catch(() => undefined);
    if (stat) {
      let gitDir = dotGit;
      if (stat.isFile()) {
        const pointer = await readTextFile(dotGit, 4096);
        const target = pointer.ok ? /^gitdir:\s*(.+?)\s*$/m.exec(pointer.text)?.[1] : undefined;
        if (!target) return false;
        gitDir = path.resolve(dir, target);
        // A linked worktree keeps the shared config in the main repository's folder.
        const common = await readTextFile(path.join(gitDir, 'commondir'), 4096);
        if (common.ok) gitDir = path.resolve(gitDir, common.text.trim());
      }
      const config = await readTextFile(path.join(gitDir, 'config'), MAX_GITIGNORE_BYTES);
      return config.ok && configSaysIgnoreCase(config.text);
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** `ignorecase = true` (or yes/on/1) in the `[core]` section of a git config text. */
function configSaysIgnoreCase(text: string): boolean {
  let inCore = false;
  let value = false;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[\s*([A-Za-z0-9.-]+)\s*(?:"[^"]*"\s*)?\]/.exec(line);
    if (section) {
      inCore = section[1].toLowerCase() === 'core';
      continue;
    }
    const entry = inCore ? /^\s*ignorecase\s*(?:=\s*([^#;\s]*))?/i.exec(line) : null;
    // A key without a value is true, as git reads it.
    if (entry) value = entry[1] === undefined || /^(true|yes|on|1)$/i.test(entry[1]);
  }
  return value;
}

/** The walk yields to the event loop after this many folders, so a server keeps answering meanwhile. */
const FOLDERS_PER_SLICE = 32;

/** Absolute paths of candidate files under `root`, depth-first in name order. */
export async function* walkFolder(root: string, options: WalkOptions<unknown>): AsyncGenerator<string> {
  const lister = new FolderLister({ ...options, ignorecase: options.ignorecase ?? (await gitIgnoresCase(root)) });
  const stack = [lister.rootOf(root)];
  for (let count = 1; stack.length; count++) {
    const listing = lister.list(stack.pop()!);
    if (listing) {
      for (const file of listing.files) yield file.absolute;
      // Reverse so that the walk visits folders in name order (the stack pops the last one first).
      for (let i = listing.subdirs.length - 1; i >= 0; i--) stack.push(listing.subdirs[i]);
    }
    if (count % FOLDERS_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Lists folders one at a time, with synchronous `readdir` (one call per folder; the entries' types come
 * with it, so no file is `stat`ed): the wanted files, and the subfolders to enter. Directory loops
 * (symlinks) are avoided by never following a symlinked folder.
 */
export class FolderLister<K = true> {
  private readonly isExcluded: (relative: string) => boolean;
  private readonly skipFolders: Set<string>;

  constructor(private readonly options: WalkOptions<K>) {
    this.isExcluded = globMatcher(options.exclude);
    this.skipFolders = new Set((options.skipFolders ?? []).map((folder) => path.normalize(folder)));
  }

  rootOf(root: string): PendingFolder {
    return { dir: path.normalize(root), relDir: '', scopes: [], states: [] };
  }

  /**
   * A folder's wanted files and its subfolders to enter, and the rules in force inside it (its own
   * `.gitignore`'s too); undefined (and reported) when it cannot be read.
   */
  list(folder: PendingFolder): { files: WalkedFile<K>[]; subdirs: PendingFolder[]; inside: ListedFolder } | undefined {
    const { dir, relDir } = folder;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.options.onSkip?.(dir, `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return undefined;
    }
    let { scopes, states } = folder;
    const gitignore = entries.find((entry) => entry.name === '.gitignore' && entry.isFile());
    if (gitignore) {
      const file = childOf(dir, '.gitignore');
      const outcome = readBytesSync(file, MAX_GITIGNORE_BYTES, gitignoreScratch);
      if (outcome.ok) {
        const text = outcome.bytes.toString('utf8');
        // The `ignore` package ignores case unless told otherwise; git does only where core.ignorecase says so.
        const ignorecase = this.options.ignorecase ?? false;
        const shapes = ruleShapes(text, ignorecase);
        scopes = [...scopes, { base: relDir, text, ignorecase, shapes }];
        states = [...states, { ignored: false, depth: 0, alive: shapes?.anchored ?? [] }];
      } else this.options.onSkip?.(file, `cannot read: ${outcome.reason}: ${outcome.detail}`);
    }
    const inside: ListedFolder = { dir, relDir, scopes, states };
    const files: WalkedFile<K>[] = [];
    const subdirs: PendingFolder[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) {
        const subdir = this.subfolder(inside, entry.name);
        if (subdir) subdirs.push(subdir);
      } else if (entry.isFile()) {
        const file = this.file(inside, entry.name);
        if (file) files.push(file);
      }
    }
    return { files, subdirs, inside };
  }

  /**
   * Whether the walk enters a folder `name` of a listed folder, by the rules alone (whether or not it is
   * there): the folder to list, or undefined.
   */
  subfolder(inside: ListedFolder, name: string): PendingFolder | undefined {
    if (name === '.git') return undefined;
    const relative = inside.relDir ? `${inside.relDir}/${name}` : name;
    if (this.isExcluded(relative) || this.isExcluded(`${relative}/`)) return undefined;
    const { scopes, states } = inside;
    const verdicts = scopeVerdicts(scopes, states, name, relative, true);
    if (verdicts.ignored) return undefined;
    const child = childOf(inside.dir, name);
    if (this.skipFolders.size && this.skipFolders.has(child)) return undefined;
    return { dir: child, relDir: relative, scopes, states: childStates(scopes, states, name, verdicts) };
  }

  /** Whether the walk reads a file `name` of a listed folder, by the rules alone: the file, or undefined. */
  file(inside: ListedFolder, name: string): WalkedFile<K> | undefined {
    const relative = inside.relDir ? `${inside.relDir}/${name}` : name;
    const kind = this.options.wantFile(relative);
    if (kind === undefined || kind === false) return undefined;
    if (this.isExcluded(relative) || scopeVerdicts(inside.scopes, inside.states, name, relative, false).ignored)
      return undefined;
    return { absolute: childOf(inside.dir, name), relative, kind };
  }
}

function childOf(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

const gitignoreScratch = { buffer: Buffer.allocUnsafe(64 * 1024) };

/**
 * Where each rule of a `.gitignore` can match, read as `ignore` reads the lines (a BOM first, `#` comments,
 * `!` negations, trailing spaces trimmed, one trailing `/` for folders only); undefined when some rule
 * may match any name, or is not plain enough to tell (escapes, leading spaces, case rules beyond ASCII).
 * Negation and folder-only rules are read as rules that may match: the prefilter only says which paths
 * no rule can match, and `ignore` decides the rest.
 */
function ruleShapes(text: string, ignorecase: boolean): RuleShapes | undefined {
  const shapes: RuleShapes = { names: new Set(), texts: [], anchored: [], ignorecase };
  const lines = (text.endsWith('\r') ? text.slice(0, -1) : text).split(/\r?\n/);
  if (lines[0].startsWith('\uFEFF')) lines[0] = lines[0].slice(1);
  for (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    let body = line.startsWith('!') ? line.slice(1) : line;
    body = body.replace(/ +$/, '');
    if (!body) continue;
    // Escapes, whitespace and control characters: `ignore`'s own reading decides; so does case beyond ASCII.
    if (/[\\\s\x00-\x1f\x7f]/.test(body) || (ignorecase && /[^\x00-\x7f]/.test(body))) return undefined;
    if (ignorecase) body = body.toLowerCase();
    if (body.endsWith('/')) body = body.slice(0, -1);
    if (!body.includes('/')) {
      if (body.includes('**') || !isPlainSegment(body)) return undefined;
      const needs = literalNeeds(body);
      if (!needs) return undefined;
      if ('segment' in needs) shapes.names.add(needs.segment);
      else shapes.texts.push(needs.text);
      continue;
    }
    shapes.anchored.push(anchoredRule(body.startsWith('/') ? body.slice(1) : body));
  }
  return shapes;
}

/** A segment of `*`, `?` and characters every glob reads literally (no class, brace, group or `.` segment). */
function isPlainSegment(segment: string): boolean {
  return segment !== '' && segment !== '.' && segment !== '..' && !/[[\]{}()!+@|^$]/.test(segment);
}

/**
 * The segments of an anchored rule up to the first whose extent is not one name (`**`, or one not plain:
 * a class such as `[!x]` might span a slash), and, when every segment is plain, what the last name holds.
 */
function anchoredRule(body: string): AnchoredRule {
  const segments = body.split('/');
  const fixed: (string | undefined)[] = [];
  let known = true;
  let plain = true;
  for (const segment of segments) {
    if (segment === '**') known = false;
    else if (segment.includes('**') || !isPlainSegment(segment)) known = plain = false;
    if (!plain) break;
    if (known) fixed.push(/[*?]/.test(segment) ? undefined : segment);
  }
  const lastSegment = segments[segments.length - 1];
  const last = plain && lastSegment !== '**' ? literalNeeds(lastSegment) : undefined;
  return { fixed, exactDepth: plain && fixed.length === segments.length, last };
}

/** Whether `key` (a name, lowercased where case is ignored) is, or holds, what `needs` says. */
function nameHolds(key: string, needs: Needs): boolean {
  return 'segment' in needs ? key === needs.segment : key.includes(needs.text);
}

/**
 * Whether some rule may match the entry `name` at `state`'s folder: the entry's whole path from the scope's
 * folder must match a rule for `ignore` to say anything of it, other than what it said of the folder.
 */
function mayMatch(shapes: RuleShapes, state: ScopeState, name: string): boolean {
  const key = shapes.ignorecase ? name.toLowerCase() : name;
  if (shapes.names.has(key)) return true;
  for (const text of shapes.texts) if (key.includes(text)) return true;
  const at = state.depth;
  for (const rule of state.alive) {
    if (rule.exactDepth && at !== rule.fixed.length - 1) continue;
    if (at < rule.fixed.length && rule.fixed[at] !== undefined && rule.fixed[at] !== key) continue;
    if (rule.last && !nameHolds(key, rule.last)) continue;
    return true;
  }
  return false;
}

/** What each scope says of one entry, and whether together they ignore it. */
interface Verdicts {
  ignored: boolean;
  /** For each scope, whether it ignores the entry (absent when none does). */
  byScope?: boolean[];
}

const NOT_IGNORED: Verdicts = { ignored: false };

/**
 * Git semantics: the deepest `.gitignore` with an opinion decides; a parent's rule applies below it. A
 * scope that ignores the folder ignores the entry (as `ignore` says, asked); one none of whose rules can
 * match the entry's path says nothing of it.
 */
function scopeVerdicts(
  scopes: readonly IgnoreScope[],
  states: readonly ScopeState[],
  name: string,
  relative: string,
  isDirectory: boolean,
): Verdicts {
  let ignored = false;
  let byScope: boolean[] | undefined;
  for (let i = 0; i < scopes.length; i++) {
    const scope = scopes[i];
    const state = states[i];
    let scopeIgnores: boolean;
    if (state.ignored) scopeIgnores = true;
    else if (scope.shapes && !mayMatch(scope.shapes, state, name)) continue;
    else {
      const local = scope.base ? relative.slice(scope.base.length + 1) : relative;
      const result = rulesOf(scope).test(isDirectory ? `${local}/` : local);
      if (result.unignored) ignored = false;
      scopeIgnores = result.ignored;
    }
    if (scopeIgnores) {
      ignored = true;
      (byScope ??= new Array<boolean>(scopes.length).fill(false))[i] = true;
    }
  }
  return byScope ? { ignored, byScope } : ignored ? { ignored } : NOT_IGNORED;
}

/** How each scope's rules stand in the subfolder `name` (its own verdicts given). */
function childStates(
  scopes: readonly IgnoreScope[],
  states: readonly ScopeState[],
  name: string,
  verdicts: Verdicts,
): ScopeState[] {
  return states.map((state, i) => {
    const shapes = scopes[i].shapes;
    const key = shapes?.ignorecase ? name.toLowerCase() : name;
    const at = state.depth;
    const alive = state.alive.filter(
      (rule) =>
        !(rule.exactDepth && at >= rule.fixed.length - 1) &&
        (at >= rule.fixed.length || rule.fixed[at] === undefined || rule.fixed[at] === key),
    );
    return {
      ignored: state.ignored || (verdicts.byScope?.[i] ?? false),
      depth: at + 1,
      alive: alive.length === state.alive.length ? state.alive : alive,
    };
  });
}
