/**
 * What history computations keep between runs, keyed so that a hit is always right: roadmap and
 * source blobs by object ID (a blob's content never changes), blame by path and content hash.
 * The server keeps one for its session; each map is bounded.
 */
import type { BlameLine } from '../changes/git';
import type { ItemStatus } from '../types';

/** What history needs of one roadmap file's revision. */
export interface RoadmapSnapshot {
  items: SnapshotItem[];
  /** Tracker prefixes (v2): their keys are tickets, not item IDs. */
  trackers?: string[];
}

export interface SnapshotItem {
  id: string;
  status?: ItemStatus;
  /** v2 tickets the item lists. */
  tickets?: string[];
  values: { metric: string; unit?: string; baseline?: number; target?: number; current?: number }[];
}

/** One debt annotation of a blob: the keys it names (item IDs or tickets, judged per commit). */
export interface DebtMark {
  ids: string[];
}

const MAX_ENTRIES = 200_000;

export class HistoryCache {
  /** Settings that decide what a scan finds (tags, ID pattern): a change drops the scans. */
  private settingsKey = '';
  readonly roadmaps = new BoundedMap<string, RoadmapSnapshot>(MAX_ENTRIES);
  /** `objectId:languageId` → the blob's debt annotations. */
  readonly debtScans = new BoundedMap<string, DebtMark[]>(MAX_ENTRIES);
  /** `path\0contentHash` → line number (1-based) → blame of that line. */
  readonly blames = new BoundedMap<string, Record<number, BlameLine>>(MAX_ENTRIES / 10);

  useSettings(key: string): void {
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    this.roadmaps.clear();
    this.debtScans.clear();
  }
}

/** A Map that forgets its oldest entries past `limit`. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
