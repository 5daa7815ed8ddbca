/**
 * The few parts of VS Code's built-in git extension API (`vscode.git`, API version 1) the Changes view
 * uses. Declared here because the extension ships its types only in its own source; everything is
 * optional-checked since the git extension may be disabled, missing or older.
 */
import * as vscode from 'vscode';
import { isWithin } from '../../server/src/core/paths';
import type { RefInfo } from './model/changesBase';

/** `RefType` of the git API: 0 = local branch, 1 = remote branch, 2 = tag. */
interface GitRef {
  type: number;
  name?: string;
  commit?: string;
}

interface GitRepositoryState {
  readonly onDidChange: vscode.Event<void>;
  /** The checked-out branch (`name` absent on a detached HEAD). */
  readonly HEAD?: { readonly name?: string };
  /** Older git extensions list refs here; newer ones offer `getRefs` instead. */
  readonly refs?: GitRef[];
}

interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: GitRepositoryState;
  getRefs?(query?: { sort?: 'alphabetically' | 'committerdate'; count?: number }): Promise<GitRef[]>;
}

interface GitApi {
  readonly repositories: GitRepository[];
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

const REF_KINDS: Record<number, RefInfo['kind']> = { 0: 'branch', 1: 'remote', 2: 'tag' };

/** The git API, activating the git extension if needed; undefined when git is unavailable. */
export async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return undefined;
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports?.enabled ? exports.getAPI(1) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls `listener` whenever any repository's state changes (commit, checkout, stage, branch switch),
 * including repositories opened later.
 */
export function onAnyRepositoryChange(api: GitApi, listener: () => void): vscode.Disposable {
  const subscriptions: vscode.Disposable[] = [];
  const watch = (repository: GitRepository) => subscriptions.push(repository.state.onDidChange(listener));
  api.repositories.forEach(watch);
  subscriptions.push(
    api.onDidOpenRepository((repository) => {
      watch(repository);
      listener();
    }),
  );
  return new vscode.Disposable(() => subscriptions.forEach((subscription) => subscription.dispose()));
}

/**
 * Branches and tags of the repository that holds `folder` (without one, of the first repository), and the
 * branch checked out there. A folder in no repository has none: another folder's refs would be bases its
 * comparison cannot use.
 */
export async function listRefs(
  api: GitApi,
  folder: vscode.Uri | undefined,
): Promise<{ refs: RefInfo[]; head?: string }> {
  const repository = folder
    ? api.repositories.find((repo) => isSameOrInside(folder, repo.rootUri))
    : api.repositories[0];
  if (!repository) return { refs: [] };
  let refs: GitRef[] = [];
  try {
    refs = repository.getRefs ? await repository.getRefs({ sort: 'committerdate' }) : (repository.state.refs ?? []);
  } catch {
    refs = repository.state.refs ?? [];
  }
  const head = repository.state.HEAD?.name;
  return {
    refs: refs.flatMap((ref) => {
      const kind = REF_KINDS[ref.type];
      return kind && ref.name ? [{ name: ref.name, kind, ...(ref.commit ? { commit: ref.commit } : {}) }] : [];
    }),
    ...(head ? { head } : {}),
  };
}

function isSameOrInside(inner: vscode.Uri, outer: vscode.Uri): boolean {
  return isWithin(outer.fsPath, inner.fsPath);
}
