/** Path containment, written once: which folder a file is in decides what is read, written and run. Pure. */
import * as path from 'path';

/**
 * Whether `target` is `folder` itself or lies under it (absolute platform paths; no file system access,
 * so symlinks are not resolved). `..foo` is a name inside, not a step up.
 */
export function isWithin(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative === '' || (!path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`));
}

/** Whether `target` lies under `folder` and is not the folder itself. */
export function isStrictlyWithin(folder: string, target: string): boolean {
  return path.relative(folder, target) !== '' && isWithin(folder, target);
}
