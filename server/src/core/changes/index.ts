/** Which roadmap item each changed hunk serves: the change mapper and its report types. */
export { mapChanges, reportOf, type MapChangesOptions } from './mapper';
export { itemStatusesAt, readChanges, type ChangeInput, type ChangedSource, type ReadChangesOptions } from './read';
export { gitHunkHeader, gitStart, type HunkRange } from './diff';
export { GitError, defaultBaseRef, type GitErrorCode } from './git';
export type {
  Attribution,
  AttributionReason,
  ChangeBase,
  ChangeReport,
  ChangeStatus,
  ChangedFile,
  ChangedHunk,
  BadlyLinkedDebt,
  NewDebt,
  ServedItem,
  UnattributedChange,
} from './types';
