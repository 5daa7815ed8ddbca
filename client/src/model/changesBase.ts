/** The choices of the "Compare Changes With…" pick list: the working tree, git refs, or a ref typed in. */
import { USUAL_BASE_REFS } from '../../../server/src/protocol';
import type { PickEntry } from './propose';

export interface RefInfo {
  name: string;
  kind: 'branch' | 'remote' | 'tag';
  commit?: string;
}

export const WORKING_TREE_LABEL = 'Working tree vs HEAD';

const KIND_ORDER: Record<RefInfo['kind'], number> = { branch: 0, remote: 1, tag: 2 };
const KIND_TEXT: Record<RefInfo['kind'], string> = { branch: 'branch', remote: 'remote branch', tag: 'tag' };

/**
 * Entries for the pick list; `value` is the base ref, undefined for the working tree. Whatever is typed
 * becomes an entry of its own (unless it names a listed ref), so any ref git understands can be compared.
 * `head`: the branch checked out. It is left out (HEAD against itself has no changes), and the branch it
 * likely merges into (the first of main, master, origin/main, origin/master that is not it) comes right
 * after the working tree: among hundreds of remote branches, the base a pull request uses is found at once.
 */
export function basePicks(
  refs: RefInfo[],
  typed: string,
  currentBase: string | undefined,
  head?: string,
): PickEntry<string | undefined>[] {
  const current = (isCurrent: boolean) => (isCurrent ? ' · current' : '');
  const picks: PickEntry<string | undefined>[] = [
    {
      label: WORKING_TREE_LABEL,
      description: `uncommitted changes (index and working tree)${current(currentBase === undefined)}`,
      value: undefined,
    },
  ];
  const ref = typed.trim();
  const names = new Set<string>();
  const listed = refs.filter((r) => r.name && !names.has(r.name) && names.add(r.name));
  const usualBase = USUAL_BASE_REFS.find((name) => name !== head && names.has(name));
  const sorted = listed
    .filter((r) => r.name !== head || r.kind !== 'branch')
    .sort(
      (a, b) =>
        Number(b.name === usualBase) - Number(a.name === usualBase) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  if (ref && !names.has(ref))
    picks.push({ label: ref, description: `compare HEAD with ${ref}${current(currentBase === ref)}`, value: ref });
  if (currentBase !== undefined && currentBase !== ref && !names.has(currentBase)) {
    picks.push({ label: currentBase, description: `compare HEAD with ${currentBase} · current`, value: currentBase });
  }
  for (const r of sorted) {
    const commit = r.commit ? ` ${r.commit.slice(0, 7)}` : '';
    picks.push({
      label: r.name,
      description: `${KIND_TEXT[r.kind]}${commit}${r.name === usualBase ? ' · the usual base' : ''}${current(currentBase === r.name)}`,
      value: r.name,
    });
  }
  return picks;
}
