/**
 * Whether the scan would read a path, for files and folders that appear or change after it (watched-file
 * events): a build writing `dist/` that `.gitignore` names, an `npm install`, a folder `exclude` names, must
 * not reach the index the scan kept them out of. The walk itself is asked, folder by folder from the
 * workspace folder down (`FolderLister.list`: the same `.gitignore` scopes, excludes and file kinds), so the
 * answer is the scan's by construction. Listings are remembered for the life of one admission: make one
 * per batch of events, as the disk may change between batches. A folder that cannot be listed (gone, or
 * not made yet) is asked again next time.
 *
 * A watcher asks too (`wouldEnter`, `wouldRead`), of each path as it appears, with one admission for its
 * life: there a name is judged by the rules of the folder holding it, as listed once, so that a folder or
 * file made since is judged as the walk would judge it, and no `.gitignore` is read twice. A `.gitignore`
 * that changes calls for a new admission (the server rescans, and restarts its watcher).
 */
import * as path from 'path';
import { isStrictlyWithin } from '../paths';
import type { WorkspaceIndex } from './index';
import { fileKinds, type FileKind } from './reader';
import { folderLister } from './scan';
import { gitIgnoresCase, type FolderLister, type ListedFolder, type PendingFolder, type WalkedFile } from './walker';

interface Listing {
  inside: ListedFolder;
  subdirs: Map<string, PendingFolder>;
  files: Map<string, WalkedFile<FileKind>>;
}

export class WalkAdmission {
  private readonly listings = new Map<string, Listing>();

  private constructor(
    private readonly folders: readonly string[],
    private readonly listers: Map<string, FolderLister<FileKind>>,
  ) {}

  /** An admission for the index's folders as they are now on disk. */
  static async of(index: WorkspaceIndex): Promise<WalkAdmission> {
    const kindOf = fileKinds(index.settings);
    const listers = new Map<string, FolderLister<FileKind>>();
    for (const folder of index.folders)
      listers.set(folder, folderLister(index, folder, await gitIgnoresCase(folder), undefined, kindOf));
    return new WalkAdmission(index.folders, listers);
  }

  /** Whether the scan would read `file` (it exists, and the walk lists it). */
  admitsFile(file: string): boolean {
    const parent = this.walkTo(path.dirname(file));
    return parent !== undefined && this.listingOf(parent)?.files.has(path.basename(file)) === true;
  }

  /** Whether the scan would enter folder `dir` (it exists, and no rule keeps the walk out). */
  admitsFolder(dir: string): boolean {
    return this.walkTo(dir) !== undefined;
  }

  /** Whether the walk would enter folder `dir` if it is one, by the rules of the folders above it. */
  wouldEnter(dir: string): boolean {
    return this.walkTo(dir, true) !== undefined;
  }

  /** Whether the walk would read `file` if it is one, by the rules of the folders above it. */
  wouldRead(file: string): boolean {
    const parent = this.walkTo(path.dirname(file), true);
    if (!parent) return false;
    const listing = this.listingOf(parent);
    return listing !== undefined && parent.lister.file(listing.inside, path.basename(file)) !== undefined;
  }

  /**
   * The walk's state on reaching `dir`, from the deepest workspace folder holding it (or being it): through
   * folders as listed, or, `byRules`, through any the rules let the walk enter.
   */
  private walkTo(dir: string, byRules = false): { lister: FolderLister<FileKind>; folder: PendingFolder } | undefined {
    let root: string | undefined;
    for (const folder of this.folders)
      if ((folder === dir || isStrictlyWithin(folder, dir)) && (!root || folder.length > root.length)) root = folder;
    const lister = root === undefined ? undefined : this.listers.get(root);
    if (root === undefined || lister === undefined) return undefined;
    let at = { lister, folder: lister.rootOf(root) };
    const relative = path.relative(root, dir);
    for (const name of relative ? relative.split(path.sep) : []) {
      const listing = this.listingOf(at);
      const next =
        listing?.subdirs.get(name) ?? (byRules && listing ? lister.subfolder(listing.inside, name) : undefined);
      if (!next) return undefined;
      at = { lister, folder: next };
    }
    return at;
  }

  private listingOf({
    lister,
    folder,
  }: {
    lister: FolderLister<FileKind>;
    folder: PendingFolder;
  }): Listing | undefined {
    const cached = this.listings.get(folder.dir);
    if (cached) return cached;
    const listed = lister.list(folder);
    if (!listed) return undefined;
    const listing = {
      inside: listed.inside,
      subdirs: new Map(listed.subdirs.map((subdir) => [path.basename(subdir.dir), subdir])),
      files: new Map(listed.files.map((file) => [path.basename(file.absolute), file])),
    };
    this.listings.set(folder.dir, listing);
    return listing;
  }
}
