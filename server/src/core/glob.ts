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

/** RE2's source for one glob (without a leading `!`), or why it has none. */
function re2Source(glob: string): string | { refused: string } {
  if (glob.length > MAX_GLOB_LENGTH) return { refused: `longer than ${MAX_GLOB_LENGTH} characters` };
  let source: string;
  try {
    source = picomatch.makeRe(glob, { dot: true, nonegate: true }).source;
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

/**
 * A matcher for any of `globs` (picomatch's meaning with `dot: true`, a leading `!` negating), and
 * the globs that were refused with why. A refused glob matches nothing.
 */
export function compileGlobs(globs: string | readonly string[]): {
  matches: GlobMatcher;
  refused: { glob: string; reason: string }[];
} {
  const positive: string[] = [];
  const negative: string[] = [];
  const refused: { glob: string; reason: string }[] = [];
  for (const glob of typeof globs === 'string' ? [globs] : globs) {
    const negated = glob.startsWith('!') && !glob.startsWith('!(');
    const source = re2Source(negated ? glob.slice(1) : glob);
    if (typeof source !== 'string') refused.push({ glob, reason: source.refused });
    else (negated ? negative : positive).push(source);
  }
  const compile = (sources: string[]) => {
    if (!sources.length) return undefined;
    try {
      return RE2JS.compile(sources.map((source) => `(?:${source})`).join('|'));
    } catch (error) {
      refused.push({ glob: sources.join(' '), reason: (error as Error).message });
      return undefined;
    }
  };
  const any = compile(positive);
  const negated = negative.map((source) => compile([source])).filter((engine): engine is RE2JS => engine !== undefined);
  // picomatch's list semantics: a path matches when any glob does; a negated glob matches what it does not name.
  const matches: GlobMatcher = (path) =>
    (any !== undefined && any.test(path)) || negated.some((engine) => !engine.test(path));
  return { matches, refused };
}

/** One glob, or a list: a matcher, with refused globs matching nothing. */
export function globMatcher(globs: string | readonly string[]): GlobMatcher {
  return compileGlobs(globs).matches;
}
