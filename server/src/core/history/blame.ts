/**
 * Debt age and owner: for every debt annotation of the working tree, the commit, date and author
 * that introduced its line (`git blame --porcelain` of the file's current text), and the CODEOWNERS
 * owner where a rule names one. Blame is cached per path and content hash: a file that did not
 * change is never blamed twice.
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitError, blameFile, commitCount, hasOwnCommitGraph, writeCommitGraph, type BlameLine } from '../changes/git';
import { FINISHED_STATUSES, type Annotation, type Roadmap } from '../types';
import { knownPrefixesOf, linkedMentions, ticketLinksOf } from '../workspace/codeProblems';
import { readTextFile } from '../workspace/files';
import { HistoryCancelled, type Budget } from './budget';
import type { HistoryCache } from './cache';
import { CodeOwners } from './codeowners';
import { isoDate, repoPathOf, type HistoryRepo } from './repo';
import type { DebtAge, DebtAges, DebtOwner, DebtState } from './types';

export interface DebtAgeOptions {
  maxFileSizeBytes: number;
  /** Whether blames read a commit-graph written for the run: when it pays (default), always, or never. */
  commitGraph?: CommitGraphMode;
  /** Where the commit-graph's temporary folder goes (default: the system's temporary folder). */
  temporaryFolder?: string;
  /** The text a file has now (default: read from disk). */
  readText?: (absolutePath: string) => Promise<string | undefined>;
}

export type CommitGraphMode = 'auto' | 'always' | 'never';

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
  let graphBlames = 0;
  const graph = new BlameGraph(repo, budget, options.commitGraph ?? 'auto', options.temporaryFolder ?? os.tmpdir());
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
          const alternateObjects = await graph.forBlame(work.length - next);
          const started = performance.now();
          const all = await budget.step(() =>
            blameOrNothing(repo.root, repoPath, text, lines, budget.signal, alternateObjects),
          );
          if (alternateObjects === undefined) graph.sample(performance.now() - started);
          else graphBlames++;
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
  try {
    await Promise.all(Array.from({ length: Math.min(BLAME_CONCURRENCY, work.length) }, worker));
  } finally {
    await graph.dispose();
  }
  debts.sort(oldestFirst);
  return { debts, byOwner: byOwnerOf(debts), blamedFiles, cachedFiles, graphBlames, timedOut };
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
  alternateObjects: string | undefined,
): Promise<BlameLine[]> {
  const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const wanted = lines.filter((line) => line >= 1 && line <= lineCount);
  if (wanted.length === 0) return [];
  try {
    return await blameFile(root, repoPath, { contents: text, lines: wanted, signal, alternateObjects });
  } catch (error) {
    if (error instanceof GitError && error.code === 'git-failed' && /no such path/i.test(error.stderr)) return [];
    throw error;
  }
}

/** Blames made without a commit-graph before deciding whether one pays: they show what a blame costs here. */
const GRAPH_SAMPLE_BLAMES = 8;
/**
 * Writing a commit-graph with changed-path filters, per commit (terraform: 1.9 s for 35,850 commits), and the
 * share of a blame's time it saves (its backend_local.go: 0.10 → 0.03 s): both measured on one machine, and
 * a faster machine is faster at both.
 */
const GRAPH_MS_PER_COMMIT = 0.055;
const BLAME_SHARE_SAVED = 2 / 3;

/** The most commits a graph may have and cost less than `remaining` blames of `meanBlameMs` each save. */
export function graphBreakEven(meanBlameMs: number, remaining: number): number {
  return Math.max(0, Math.ceil((meanBlameMs * remaining * BLAME_SHARE_SAVED) / GRAPH_MS_PER_COMMIT) - 1);
}

/**
 * The commit-graph the run's blames read once it pays (see writeCommitGraph): in a temporary folder of ours,
 * git's alternate object folder for those blames, removed at the end; the repository is left untouched.
 * A repository with a graph of its own (git reads it first) or a shallow clone (git reads none) blames
 * without.
 */
class BlameGraph {
  private sampled = 0;
  private sampledMs = 0;
  private decided = false;
  private writing: Promise<string | undefined> | undefined;
  private folder: string | undefined;

  constructor(
    private readonly repo: HistoryRepo,
    private readonly budget: Budget,
    private readonly mode: CommitGraphMode,
    private readonly parent: string,
  ) {}

  /** The alternate object folder the next blame reads, or undefined: it goes without. */
  async forBlame(remaining: number): Promise<string | undefined> {
    // Under 'always' every blame waits for the graph; otherwise one being written holds up only the blame
    // that asked for it.
    if (this.decided) return this.mode === 'always' ? this.writing : this.folder;
    if (this.mode === 'never' || this.repo.shallow) return undefined;
    if (this.mode === 'auto' && this.sampled < GRAPH_SAMPLE_BLAMES) return undefined;
    this.decided = true;
    this.writing = this.write(remaining);
    this.folder = await this.writing;
    return this.folder;
  }

  /** Records a blame's time without the graph. */
  sample(ms: number): void {
    this.sampled++;
    this.sampledMs += ms;
  }

  async dispose(): Promise<void> {
    const folder = await this.writing?.catch(() => undefined);
    if (folder !== undefined) await fs.rm(folder, { recursive: true, force: true });
  }

  private async write(remaining: number): Promise<string | undefined> {
    const { repo, budget } = this;
    if (this.mode === 'auto') {
      const breakEven = graphBreakEven(this.sampledMs / this.sampled, remaining);
      // Counted only up to the first count at which the graph no longer pays.
      const commits = await budget.step(() => commitCount(repo.root, repo.tip, breakEven + 1));
      if (commits === undefined || commits > breakEven) return undefined;
    }
    if (await budget.step(() => hasOwnCommitGraph(repo.root))) return undefined;
    const folder = await fs.mkdtemp(path.join(this.parent, 'roadmap-links-graph-'));
    try {
      const written = await budget.step(() =>
        writeCommitGraph(repo.root, repo.tip, folder, budget.signal).then(() => true),
      );
      if (written) return folder;
    } catch (error) {
      if (error instanceof HistoryCancelled || !(error instanceof GitError)) {
        await fs.rm(folder, { recursive: true, force: true });
        throw error;
      }
    }
    await fs.rm(folder, { recursive: true, force: true });
    return undefined;
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
