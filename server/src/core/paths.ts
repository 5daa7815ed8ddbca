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

/**
 * A total order of file paths that is the same on every platform and in every locale: folder by folder
 * (the separator before any character, so `docs/x` comes before `docs-old/x` and `docsA/x` with `/` or `\`),
 * each name by UTF-16 code units. Not `localeCompare`: its order follows the user's locale (Lithuanian puts
 * `y` before `j`), and which of two definitions of an ID counts is decided by this order.
 */
export function comparePaths(a: string, b: string, separator: string = path.sep): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === separator) return -1;
    if (b[i] === separator) return 1;
    return a.charCodeAt(i) - b.charCodeAt(i);
  }
  return a.length - b.length;
}
