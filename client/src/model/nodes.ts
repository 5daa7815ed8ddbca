/**
 * The view-independent shape of a tree node. The pure builders in this folder produce these, and the
 * thin `vscode` adapters turn them into `TreeItem`s, so labels, grouping and order are testable without VS Code.
 */
import type { Range, TreeNodeRef } from '../../../server/src/protocol';

export interface IconSpec {
  /** A codicon id, e.g. `pass-filled`. */
  id: string;
  /** A theme colour id, e.g. `charts.green`. */
  color?: string;
}

export interface Location {
  uri: string;
  range: Range;
}

export interface ViewNode {
  /** Unique and stable across refreshes, so VS Code keeps the expansion and selection state. */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: IconSpec;
  /** A file node: VS Code shows the file type's icon. */
  resourceUri?: string;
  /** Opened (revealed and selected) on click. */
  open?: Location;
  /** For `view/item/context` menus. */
  contextValue?: string;
  /** Initially expanded (only meaningful with children). */
  expanded?: boolean;
  children: ViewNode[];
  /** Children the server lists when the node is expanded (a page from `offset`), instead of `children`. */
  lazy?: { node: TreeNodeRef; offset?: number };
}

/** Turns URIs into the short paths a person reads (workspace-relative in VS Code). */
export interface PathLabeler {
  relativePath(uri: string): string;
}

export function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash < 0 ? path : path.slice(slash + 1);
}

export function dirName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash < 0 ? '' : path.slice(0, slash);
}

/** VS Code rejects two tree items with one id; a roadmap with duplicate IDs must still render. */
export class UniqueIds {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted}#${n}`;
    this.used.add(id);
    return id;
  }
}
