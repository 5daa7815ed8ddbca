/** Which roadmap item each changed hunk serves: the change mapper and its report types. */
export { mapChanges, type MapChangesOptions } from './mapper';
export { GitError, defaultBaseRef, type GitErrorCode } from './git';
export type {
  Attribution,
  AttributionReason,
  ChangeBase,
  ChangeReport,
  ChangeStatus,
  ChangedFile,
  ChangedHunk,
  NewDebt,
  ServedItem,
  UnattributedChange,
} from './types';
