/**
 * The mix ("The mix" of the roadmap format): over a branch, or the last N days of the default
 * branch, the share of changed lines per item kind and "no item", against `northStar.mix`.
 * Attribution is the change mapper's; this only counts its hunks.
 */
import { mapChanges } from '../changes';
import { firstParentCommits, resolveCommit } from '../changes/git';
import type { ChangeReport } from '../changes/types';
import type { CompiledSettings } from '../settings';
import type { ItemKind, Roadmap } from '../types';
import type { Budget } from './budget';
import { DAY_SECONDS, isoDate, type HistoryRepo } from './repo';
import { MIX_KINDS, type ChangeMix, type MixKind, type MixShare, type ObjectiveMix } from './types';

export interface MixOptions {
  /** Measure HEAD against its merge-base with this ref (a branch's mix); absent: the last `days` of the branch walked. */
  base?: string;
  days: number;
  now: number;
  maxCommits: number;
  settings: CompiledSettings;
}

export async function changeMix(
  folder: string,
  repo: HistoryRepo,
  roadmap: Roadmap,
  budget: Budget,
  options: MixOptions,
): Promise<ChangeMix | undefined> {
  const target = mixTargetOf(roadmap);
  const mapOptions = { cwd: folder, roadmap, settings: options.settings };
  if (options.base !== undefined) {
    const report = await budget.step(() => mapChanges({ ...mapOptions, base: options.base }));
    if (!report) return undefined;
    return {
      description: report.base.description,
      mode: 'branch',
      base: options.base,
      tip: 'HEAD',
      ...countMix(report, roadmap, target),
    };
  }

  budget.progress('mix', 0, 1);
  const since = options.now - options.days * DAY_SECONDS;
  const commits = await budget.step(() =>
    firstParentCommits(repo.root, repo.tip, { maxCount: options.maxCommits, since, signal: budget.signal }),
  );
  if (!commits) return undefined;
  const window = `${repo.ref}, last ${options.days} days`;
  if (commits.length === 0) {
    // The window the tip is in, so the report can say how far back the branch's last commit is.
    const [last] =
      (await budget.step(() => firstParentCommits(repo.root, repo.tip, { maxCount: 1, signal: budget.signal }))) ?? [];
    return {
      description: `${window} (no commits)`,
      mode: 'days',
      days: options.days,
      commits: 0,
      ...(last && { lastCommit: { commit: last.hash, date: isoDate(last.time), time: last.time } }),
      ...countMix(undefined, roadmap, target),
    };
  }
  const oldest = commits[commits.length - 1].hash;
  // The window starts after the parent of its oldest commit; a root commit (or a shallow clone's
  // boundary) has none, and then its own lines are left out, which the note says.
  const parent = await resolveCommit(repo.root, `${oldest}^`);
  const report = await budget.step(() => mapChanges({ ...mapOptions, base: parent ?? oldest, head: repo.tip }));
  if (!report) return undefined;
  budget.progress('mix', 1, 1);
  const cut =
    commits.length >= options.maxCommits
      ? ` (the newest ${commits.length} commits: the commit limit)`
      : ` (${commits.length} commits)`;
  return {
    description: `${window}${cut}`,
    mode: 'days',
    base: parent ?? oldest,
    tip: repo.tip,
    days: options.days,
    commits: commits.length,
    ...countMix(report, roadmap, target),
    ...(!parent && {
      note: `the oldest commit of the window (${oldest.slice(0, 7)}) has no parent in this clone: its own lines are not counted`,
    }),
  };
}

type Counts = Record<MixKind, number>;

function countMix(report: ChangeReport | undefined, roadmap: Roadmap, target: ChangeMix['target']) {
  const total = zero();
  const byObjective = new Map<string | undefined, Counts>();
  const add = (objective: string | undefined, kind: MixKind, lines: number) => {
    total[kind] += lines;
    let counts = byObjective.get(objective);
    if (!counts) byObjective.set(objective, (counts = zero()));
    counts[kind] += lines;
  };
  for (const file of report?.files ?? []) {
    for (const hunk of file.hunks) {
      const lines = hunk.oldLines + hunk.newLines;
      const items = [...new Set(hunk.attributions.map((attribution) => attribution.itemId))]
        .map((id) => roadmap.items.get(id))
        .filter((item) => item?.kind !== undefined);
      if (items.length === 0) {
        add(undefined, 'none', lines);
        continue;
      }
      for (const item of items) {
        const objective =
          item!.objective !== undefined && roadmap.objectives.has(item!.objective) ? item!.objective : undefined;
        add(objective, item!.kind!, lines / items.length);
      }
    }
  }
  const objectives: ObjectiveMix[] = [];
  for (const objective of [...roadmap.objectives.keys(), undefined]) {
    const counts = byObjective.get(objective);
    if (!counts) continue;
    objectives.push({
      ...(objective !== undefined && { objective, title: roadmap.objectives.get(objective)!.title }),
      lines: sum(counts),
      shares: sharesOf(counts, undefined),
    });
  }
  return { lines: sum(total), shares: sharesOf(total, target), ...(target && { target }), byObjective: objectives };
}

function zero(): Counts {
  return { feature: 0, investment: 0, debt: 0, none: 0 };
}

function sum(counts: Counts): number {
  return MIX_KINDS.reduce((total, kind) => total + counts[kind], 0);
}

function sharesOf(counts: Counts, target: ChangeMix['target']): MixShare[] {
  const total = sum(counts);
  return MIX_KINDS.map((kind) => ({
    kind,
    lines: Math.round(counts[kind] * 100) / 100,
    percent: total === 0 ? 0 : Math.round((counts[kind] / total) * 1000) / 10,
    ...(kind !== 'none' && target?.[kind] !== undefined && { target: target[kind] }),
  }));
}

/** `northStar.mix` of the roadmap (format v2), when it declares one. */
export function mixTargetOf(roadmap: Roadmap): Partial<Record<ItemKind, number>> | undefined {
  const mix = roadmap.northStar?.mix;
  return mix && Object.keys(mix).length ? mix : undefined;
}
