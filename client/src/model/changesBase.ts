/** The choices of the "Compare Changes With…" pick list: the working tree, git refs, or a ref typed in. */
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
 */
export function basePicks(
  refs: RefInfo[],
  typed: string,
  currentBase: string | undefined,
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
  const sorted = refs
    .filter((r) => r.name && !names.has(r.name) && names.add(r.name))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (ref && !names.has(ref))
    picks.push({ label: ref, description: `compare HEAD with ${ref}${current(currentBase === ref)}`, value: ref });
  if (currentBase !== undefined && currentBase !== ref && !names.has(currentBase)) {
    picks.push({ label: currentBase, description: `compare HEAD with ${currentBase} · current`, value: currentBase });
  }
  for (const r of sorted) {
    const commit = r.commit ? ` ${r.commit.slice(0, 7)}` : '';
    picks.push({
      label: r.name,
      description: `${KIND_TEXT[r.kind]}${commit}${current(currentBase === r.name)}`,
      value: r.name,
    });
  }
  return picks;
}
