/**
 * The one glob matcher (`exclude`, `roadmapFiles`, items' `paths`): picomatch's syntax and meaning, run
 * on RE2 (`re2js`), whose time is linear in the path. picomatch's own regular expressions backtrack:
 * `**\/a*a*a*a*a*a*b` took seconds on one long file name, which froze an untrusted server.
 *
 * picomatch turns a glob into a regular expression; with `dot: true` the only lookarounds in it guard
 * against `.` and `..` segments, which the relative paths matched here never have, and a `(?=.)` that
 * keeps `*` from matching an empty segment. Those are rewritten for RE2; a glob whose expression still
 * needs a lookaround (a negated extglob such as `!(x)`) cannot be matched in linear time and is refused.
 */
import picomatch from 'picomatch';
import { RE2JS } from 're2js';

export interface GlobMatcher {
  (path: string): boolean;
}

/** Globs longer than this are refused: nobody writes one, and each costs memory in the automaton. */
const MAX_GLOB_LENGTH = 1000;

const DOT_SEGMENT_GUARDS = ['(?!(?:^|\\/)\\.{1,2}(?:\\/|$))', '(?!\\.{1,2}(?:\\/|$))'];

/**
 * RE2's source for one glob (without a leading `!`), or why it has none. A negated glob gets the source
 * picomatch gives it behind `!`: without the fast path for a glob starting with `*` or `.`, which also
 * lets the glob match its folder form (`*.test.ts` names `f.test.ts/`; `!*.test.ts` still matches it).
 */
function re2Source(glob: string, negated: boolean): string | { refused: string } {
  if (glob.length > MAX_GLOB_LENGTH) return { refused: `longer than ${MAX_GLOB_LENGTH} characters` };
  let source: string;
  try {
    source = picomatch.makeRe(glob, { dot: true, nonegate: true, fastpaths: !negated }).source;
  } catch (error) {
    return { refused: `not a glob (${(error as Error).message})` };
  }
  for (const guard of DOT_SEGMENT_GUARDS) source = source.split(guard).join('');
  // `(?=.)[^/]*?` is a star that keeps its segment from being empty: when the segment ends right after
  // it, the star must match a character; when more of the segment follows, that already does.
  source = source.replace(/\(\?=\.\)\[\^\/\]\*\?(?=(\\\/|\)|\||\$)?)/g, (_match, segmentEnds: string | undefined) =>
    segmentEnds ? '[^/]+?' : '[^/]*?',
  );
  // Before anything else that cannot match the empty string, `(?=.)` says nothing.
  source = source.replace(/\(\?=\.\)(?=\(\?:|\[|\\?[^()[\]*+?{|\\])/g, '');
  if (/\(\?[=!<]/.test(source))
    return { refused: 'needs a lookaround (a negated extglob such as !(x)), which cannot be matched in linear time' };
  return source;
}

/** What any path a pattern matches holds: a whole segment, or a run of characters within one segment. */
export type Needs = { segment: string } | { text: string };

/**
 * What every path `glob` matches must hold: the longest segment it names outright (`node_modules` in
 * `**\/node_modules/**`), else the longest literal run of a segment (`.roadmap.yaml` in `**\/*.roadmap.yaml`).
 * Nothing for a glob with classes, braces, groups, escapes or `.` segments, whose text may not be literal.
 * `.gitignore` patterns share the syntax this reads (`*`, `?`, `**`, `/`), so the walk uses it for them too.
 */
export function literalNeeds(glob: string): Needs | undefined {
  if (/[[\]{}()\\!+@|^$]/.test(glob)) return undefined;
  let segment = '';
  let text = '';
  for (const part of glob.split('/')) {
    if (part === '.' || part === '..') return undefined;
    if (!/[*?]/.test(part)) {
      if (part.length > segment.length) segment = part;
      continue;
    }
    for (const run of part.split(/[*?]+/)) if (run.length > text.length) text = run;
  }
  return segment ? { segment } : text ? { text } : undefined;
}

export function holds(path: string, needs: Needs): boolean {
  if ('text' in needs) return path.includes(needs.text);
  const { segment } = needs;
  for (let at = path.indexOf(segment); at >= 0; at = path.indexOf(segment, at + 1)) {
    const end = at + segment.length;
    if ((at === 0 || path.charCodeAt(at - 1) === SLASH) && (end === path.length || path.charCodeAt(end) === SLASH))
      return true;
  }
  return false;
}

const SLASH = 0x2f;

/**
 * The segment `**\/NAME/**` names: such a glob matches exactly the paths holding NAME as a whole segment
 * (the folder, the folder form `NAME/`, and everything below), so `holds` decides it without RE2.
 */
function segmentGlob(glob: string): Needs | undefined {
  const name = /^\*\*\/([\w.-]+)\/\*\*$/.exec(glob)?.[1];
  return name === undefined || name === '.' || name === '..' ? undefined : { segment: name };
}

/** RE2 engines compiled so far (each on the first path its prefilter could not decide): a work count for tests. */
export const globEngineStats = { compiled: 0 };

/** One RE2 engine for some globs, compiled on first use; what every path it matches holds, when known. */
class LazyEngine {
  private engine: RE2JS | undefined;
  private compiled = false;

  constructor(
    private readonly sources: string[],
    private readonly onRefused: (reason: string) => void,
    readonly needs: Needs[] | undefined,
  ) {}

  /** Whether the engine matches `path` (false when it would not compile). */
  test(path: string): boolean {
    if (this.needs !== undefined && !this.needs.some((needs) => holds(path, needs))) return false;
    const engine = this.compile();
    return engine !== undefined && engine.test(path);
  }

  compile(): RE2JS | undefined {
    if (!this.compiled) {
      this.compiled = true;
      globEngineStats.compiled++;
      try {
        this.engine = RE2JS.compile(this.sources.map((source) => `(?:${source})`).join('|'));
      } catch (error) {
        this.onRefused((error as Error).message);
      }
    }
    return this.engine;
  }
}

/**
 * A matcher for any of `globs` (picomatch's meaning with `dot: true`, a leading `!` negating), and
 * the globs that were refused with why. A refused glob matches nothing. RE2 in JavaScript takes
 * milliseconds to compile and microseconds a path, and a walk asks tens of thousands: what a path must
 * hold to match is checked first, a `**\/NAME/**` glob is decided by that alone, and each engine is
 * compiled on the first path that check cannot decide (reading `refused` compiles them all).
 */
export function compileGlobs(globs: string | readonly string[]): {
  matches: GlobMatcher;
  refused: { glob: string; reason: string }[];
} {
  const segments: Needs[] = [];
  const negatedSegments: Needs[] = [];
  const positive: { source: string; needs?: Needs }[] = [];
  const negative: { source: string; needs?: Needs }[] = [];
  const early: { glob: string; reason: string }[] = [];
  const late: { glob: string; reason: string }[][] = [];
  for (const glob of typeof globs === 'string' ? [globs] : globs) {
    const negated = glob.startsWith('!') && !glob.startsWith('!(');
    const body = negated ? glob.slice(1) : glob;
    const segment = segmentGlob(body);
    if (segment) {
      (negated ? negatedSegments : segments).push(segment);
      continue;
    }
    const source = re2Source(body, negated);
    if (typeof source !== 'string') early.push({ glob, reason: source.refused });
    else (negated ? negative : positive).push({ source, needs: literalNeeds(body) });
  }
  const engine = (sources: { source: string; needs?: Needs }[]) => {
    const refusals: { glob: string; reason: string }[] = [];
    late.push(refusals);
    const joined = sources.map(({ source }) => source);
    const needs = sources.every(({ needs }) => needs) ? sources.map(({ needs }) => needs!) : undefined;
    return new LazyEngine(joined, (reason) => refusals.push({ glob: joined.join(' '), reason }), needs);
  };
  const any = positive.length ? engine(positive) : undefined;
  const negatedEngines = negative.map((glob) => engine([glob]));
  // A refused negated glob matches nothing, so whether each compiles is known before the first path.
  let negated: LazyEngine[] | undefined;
  // picomatch's list semantics: a path matches when any glob does; a negated glob matches what it does not name.
  const matches: GlobMatcher = (path) =>
    segments.some((needs) => holds(path, needs)) ||
    (any !== undefined && any.test(path)) ||
    negatedSegments.some((needs) => !holds(path, needs)) ||
    (negated ??= negatedEngines.filter((glob) => glob.compile() !== undefined)).some((glob) => !glob.test(path));
  return {
    matches,
    get refused() {
      any?.compile();
      for (const glob of negatedEngines) glob.compile();
      return [...early, ...late.flat()];
    },
  };
}
/** One glob, or a list: a matcher, with refused globs matching nothing. */
export function globMatcher(globs: string | readonly string[]): GlobMatcher {
  return compileGlobs(globs).matches;
}
