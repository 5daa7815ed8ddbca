/**
 * Maps a git change (working tree against HEAD, or a branch against its base) to the roadmap items
 * it serves, following "Which item a change serves" of the roadmap format. Three steps, each in its
 * module: reading (git and both sides' texts), attribution (pure), roll-up (pure).
 */
import type { Roadmap } from '../types';
import { attributeFile, attributionContextOf } from './attribute';
import { readChanges, type ChangeInput, type ReadChangesOptions } from './read';
import { addedAnnotations, debtOf, newDebtOf, servedItems, unattributedChanges } from './rollup';
import type { ChangeReport } from './types';

export interface MapChangesOptions extends ReadChangesOptions {
  roadmap: Roadmap;
}

export async function mapChanges(options: MapChangesOptions): Promise<ChangeReport> {
  return reportOf(await readChanges(options), options.roadmap);
}

/** The change report of what was read: attribution and roll-ups, without git. */
export function reportOf(input: ChangeInput, roadmap: Roadmap): ChangeReport {
  const context = attributionContextOf(roadmap, input);
  const files = input.files.map((source) => attributeFile(source, context));
  const annotations = addedAnnotations(input.files, context.prefixes, context.roadmap);
  const isRoadmapFile = (file: { path: string }) => context.roadmapFiles.has(file.path);
  return {
    root: input.root,
    base: input.base,
    files,
    byItem: servedItems(files, roadmap),
    unattributed: unattributedChanges(files.filter((file) => !isRoadmapFile(file))),
    roadmapEdits: unattributedChanges(files.filter(isRoadmapFile)),
    newDebt: newDebtOf(annotations.added),
    newlyLinkedDebt: annotations.newlyLinked.map(debtOf),
    badlyLinkedDebt: annotations.badlyLinked,
  };
}
