/**
 * Debt age and owner: for every debt annotation of the working tree, the commit, date and author
 * that introduced its line (`git blame --porcelain` of the file's current text), and the CODEOWNERS
 * owner where a rule names one. Blame is cached per path and content hash: a file that did not
 * change is never blamed twice.
 */
import { createHash } from 'crypto';
import { GitError, blameFile, type BlameLine } from '../changes/git';
import { FINISHED_STATUSES, type Annotation, type Roadmap } from '../types';
import { knownPrefixesOf, linkedMentions, ticketLinksOf } from '../workspace/codeProblems';
import { readTextFile } from '../workspace/files';
import type { Budget } from './budget';
import type { HistoryCache } from './cache';
import { CodeOwners } from './codeowners';
import { isoDate, repoPathOf, type HistoryRepo } from './repo';
import type { DebtAge, DebtAges, DebtOwner, DebtState } from './types';

export interface DebtAgeOptions {
  maxFileSizeBytes: number;
  /** The text a file has now (default: read from disk). */
  readText?: (absolutePath: string) => Promise<string | undefined>;
}

/** Files blamed at once: blame is CPU-bound in git, two keep a shared machine responsive. */
const BLAME_CONCURRENCY = 2;

export async function debtAges(
  repo: HistoryRepo,
  files: Iterable<readonly [string, readonly Annotation[]]>,
  roadmap: Roadmap,
  cache: HistoryCache,
  budget: Budget,
  options: DebtAgeOptions,
): Promise<DebtAges & { timedOut: boolean }> {
  const prefixes = knownPrefixesOf(roadmap);
  const owners = await CodeOwners.load(repo.root);
  const work: { file: string; repoPath: string; debts: Annotation[] }[] = [];
  for (const [file, annotations] of files) {
    const debts = annotations.filter((annotation) => annotation.kind === 'debt');
    if (debts.length === 0) continue;
    const repoPath = repoPathOf(repo, file);
    if (repoPath === undefined) continue;
    work.push({ file, repoPath, debts });
  }
  work.sort((a, b) => (a.repoPath < b.repoPath ? -1 : a.repoPath > b.repoPath ? 1 : 0));

  const readText =
    options.readText ??
    (async (file: string) => {
      const outcome = await readTextFile(file, options.maxFileSizeBytes);
      return outcome.ok ? outcome.text : undefined;
    });
  const debts: DebtAge[] = [];
  let blamedFiles = 0;
  let cachedFiles = 0;
  let next = 0;
  let finished = 0;
  let timedOut = false;
  const worker = async () => {
    while (next < work.length) {
      const { file, repoPath, debts: annotations } = work[next++];
      const lines = annotations.map((annotation) => annotation.range.start.line + 1);
      const text = await readText(file);
      let blame: Record<number, BlameLine> | undefined;
      if (text !== undefined) {
        const key = `${repoPath}\0${contentHash(text)}`;
        const cached = cache.blames.get(key);
        if (cached && lines.every((line) => line in cached)) {
          blame = cached;
          cachedFiles++;
        } else if (budget.go()) {
          const all = await budget.step(() => blameOrNothing(repo.root, repoPath, text, lines, budget.signal));
          if (all === undefined) timedOut = true;
          else {
            blame = {};
            for (const line of lines) if (all[line - 1]) blame[line] = all[line - 1];
            cache.blames.set(key, blame);
            blamedFiles++;
          }
        } else {
          timedOut = true;
        }
      }
      const owner = owners?.ownersOf(repoPath);
      for (const annotation of annotations) {
        const line = annotation.range.start.line + 1;
        debts.push(debtAgeOf(repoPath, line, annotation, blame?.[line], owner, roadmap, prefixes));
      }
      budget.progress('blame', ++finished, work.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLAME_CONCURRENCY, work.length) }, worker));
  debts.sort(oldestFirst);
  return { debts, byOwner: byOwnerOf(debts), blamedFiles, cachedFiles, timedOut };
}

/**
 * Blame of the debt lines of the given text; a file git does not track yet has no blame (every line
 * uncommitted). Lines past the text's end (the file changed since it was scanned) are not asked for: git
 * would refuse the whole file.
 */
async function blameOrNothing(
  root: string,
  repoPath: string,
  text: string,
  lines: readonly number[],
  signal: AbortSignal,
): Promise<BlameLine[]> {
  const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const wanted = lines.filter((line) => line >= 1 && line <= lineCount);
  if (wanted.length === 0) return [];
  try {
    return await blameFile(root, repoPath, { contents: text, lines: wanted, signal });
  } catch (error) {
    if (error instanceof GitError && error.code === 'git-failed' && /no such path/i.test(error.stderr)) return [];
    throw error;
  }
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function debtAgeOf(
  repoPath: string,
  line: number,
  annotation: Annotation,
  blame: BlameLine | undefined,
  owner: string[] | undefined,
  roadmap: Roadmap,
  prefixes: ReadonlySet<string>,
): DebtAge {
  const tickets = ticketLinksOf(annotation, roadmap);
  const ids = [
    ...new Set([
      ...linkedMentions(annotation, prefixes).map((mention) => mention.id),
      ...tickets.flatMap((link) => (link.item ? [link.item.id] : [])),
    ]),
  ];
  const state = debtStateOf(ids, (id) => roadmap.items.get(id)?.status);
  const committed = blame !== undefined && !blame.uncommitted;
  return {
    path: repoPath,
    line,
    tag: annotation.tag,
    text: annotation.text,
    ...(annotation.continuation !== undefined && { continues: true }),
    ids,
    // A ticket no item lists is tracked outside the roadmap: not unlinked.
    state: state === 'unlinked' && tickets.length ? 'linked' : state,
    uncommitted: !committed,
    ...(committed && {
      commit: blame.commit,
      author: blame.author,
      authorMail: blame.authorMail,
      time: blame.authorTime,
      date: isoDate(blame.authorTime),
    }),
    ...(owner && owner.length > 0 && { owner: owner.join(' ') }),
  };
}

/** Stale when it links a finished item, linked when it links any, else unlinked. */
export function debtStateOf(ids: readonly string[], statusOf: (id: string) => string | undefined): DebtState {
  if (ids.length === 0) return 'unlinked';
  return ids.some((id) => (FINISHED_STATUSES as readonly (string | undefined)[]).includes(statusOf(id)))
    ? 'stale'
    : 'linked';
}

function oldestFirst(a: DebtAge, b: DebtAge): number {
  if (a.time !== b.time) return a.time === undefined ? 1 : b.time === undefined ? -1 : a.time - b.time;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

function byOwnerOf(debts: DebtAge[]): DebtOwner[] {
  const owners = new Map<string, DebtOwner>();
  for (const debt of debts) {
    const name = debt.owner ?? debt.author ?? '(not committed)';
    let entry = owners.get(name);
    if (!entry) owners.set(name, (entry = { owner: name, fromCodeOwners: debt.owner !== undefined, count: 0 }));
    entry.count++;
    if (debt.time !== undefined && (entry.oldestTime === undefined || debt.time < entry.oldestTime))
      entry.oldestTime = debt.time;
  }
  return [...owners.values()].sort((a, b) => b.count - a.count || (a.owner < b.owner ? -1 : 1));
}
