/**
 * The VS Code side of the server's propose/link commands: the client intercepts them (LanguageClient
 * middleware) to ask for the choices VS Code can offer with pick lists, then lets them run on the server.
 */
import * as vscode from 'vscode';
import type { ExecuteCommandSignature } from 'vscode-languageclient/node';
import {
  CLIENT_COMMANDS,
  COMMANDS,
  type CreateRoadmapArgs,
  type CreateRoadmapResult,
  type ProposalDefaults,
  type TreeResult,
} from '../../server/src/protocol';
import {
  asLinkArgs,
  asProposeArgs,
  categoryPicks,
  choiceDefaults,
  linkPicks,
  objectivePicks,
  resultNotice,
  withChoices,
  type PickEntry,
  type ProposeChoices,
} from './model/propose';

type TreeSource = () => Promise<TreeResult | undefined>;

async function pick<T>(entries: PickEntry<T>[], title: string, placeHolder: string): Promise<PickEntry<T> | undefined> {
  return vscode.window.showQuickPick(entries, {
    title,
    placeHolder,
    ignoreFocusOut: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
}

/** Escape on any step keeps that step's default: proposing never gets cancelled half-way. */
async function askChoices(
  tree: TreeResult | undefined,
  defaults: ProposeChoices,
  askMetric: boolean,
  what: string,
): Promise<ProposeChoices> {
  const steps = askMetric ? 3 : 2;
  const objective = await pick(
    objectivePicks(tree, defaults.objective),
    `${what} (1/${steps}): objective`,
    'Which objective does it serve? Escape keeps what Skip says.',
  );
  const category = await pick(
    categoryPicks(defaults.category),
    `${what} (2/${steps}): value category`,
    'What kind of value does it bring? Escape keeps what Skip says.',
  );
  const metric = askMetric
    ? await vscode.window.showInputBox({
        title: `${what} (3/${steps}): value metric`,
        prompt:
          'The metric this item moves. Leave empty or press Escape for none yet (the item is proposed without a value).',
        placeHolder: 'e.g. checkout p99 latency',
        value: defaults.metric ?? '',
        ignoreFocusOut: true,
      })
    : undefined;
  return { objective: objective?.value, category: category?.value, metric };
}

async function showResult(result: unknown, verb: 'Proposed' | 'Linked'): Promise<void> {
  const notice = resultNotice(result, verb);
  if (!notice) return;
  if (notice.kind === 'status') {
    vscode.window.setStatusBarMessage(`Roadmap Links: ${notice.message}`, 5000);
    return;
  }
  const location = notice.errorLocation;
  const choice = await vscode.window.showWarningMessage(notice.message, ...(location ? ['Open error'] : []));
  if (choice && location)
    await vscode.commands.executeCommand(CLIENT_COMMANDS.openLocation, location.uri, location.range);
}

/** Which folder gets the roadmap: asked only in a multi-root workspace; undefined when the user cancels. */
async function pickFolderArgs(): Promise<CreateRoadmapArgs | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return {};
  const folder = await vscode.window.showWorkspaceFolderPick({
    placeHolder: 'Which workspace folder gets roadmap.yaml?',
    ignoreFocusOut: true,
  });
  return folder ? { folderUri: folder.uri.toString() } : undefined;
}

/** LanguageClient `middleware.executeCommand`. */
export function commandMiddleware(currentTree: TreeSource) {
  return async (command: string, args: unknown[], next: ExecuteCommandSignature): Promise<unknown> => {
    switch (command) {
      case COMMANDS.propose: {
        const proposeArgs = asProposeArgs(args[0]);
        if (!proposeArgs) break;
        const choices = await askChoices(await currentTree(), choiceDefaults(proposeArgs), true, 'Propose to roadmap');
        const result = await next(command, [withChoices(proposeArgs, choices)]);
        await showResult(result, 'Proposed');
        return result;
      }
      case COMMANDS.proposeAllInFile: {
        const fileArgs = args[0];
        if (
          typeof fileArgs !== 'object' ||
          fileArgs === null ||
          typeof (fileArgs as { uri?: unknown }).uri !== 'string'
        )
          break;
        // One metric cannot fit every comment of a file; the server derives each item's own.
        const choices = await askChoices(
          await currentTree(),
          choiceDefaults(fileArgs as ProposeChoices & ProposalDefaults),
          false,
          'Propose all in file',
        );
        const result = await next(command, [withChoices(fileArgs, choices)]);
        await showResult(result, 'Proposed');
        return result;
      }
      case COMMANDS.createRoadmap: {
        const createArgs = (args[0] ?? (await pickFolderArgs())) as CreateRoadmapArgs | undefined;
        if (!createArgs) return undefined;
        const result = (await next(command, [createArgs])) as CreateRoadmapResult | undefined;
        if (result?.applied && result.uri) {
          // The edit creates the file and fills it in the editor: saved at once, the file the user asked for is on disk.
          const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.uri));
          await document.save();
          await vscode.window.showTextDocument(document);
          const trackers = result.trackers.length ? ` with trackers ${result.trackers.join(', ')}` : '';
          const already = result.declaredAlready?.length
            ? ` (declared already: ${result.declaredAlready.join(', ')})`
            : '';
          vscode.window.setStatusBarMessage(`Roadmap Links: created roadmap.yaml${trackers}${already}`, 5000);
        } else if (result?.message) {
          void vscode.window.showWarningMessage(result.message);
        }
        return result;
      }
      case COMMANDS.linkExisting: {
        const linkArgs = asLinkArgs(args[0]);
        if (!linkArgs) break;
        if (linkArgs.id) {
          const result = await next(command, args);
          await showResult(result, 'Linked');
          return result;
        }
        const entries = linkPicks(await currentTree(), linkArgs.candidates);
        if (!entries.length) {
          void vscode.window.showInformationMessage('The roadmap has no items to link to yet.');
          return undefined;
        }
        // Unlike the propose steps there is no default item: Escape cancels.
        const chosen = await pick(entries, 'Link to existing item', 'Which roadmap item is this debt part of?');
        if (!chosen) return undefined;
        const result = await next(command, [{ ...linkArgs, id: chosen.value }]);
        await showResult(result, 'Linked');
        return result;
      }
      case COMMANDS.addTicket: {
        const result = await next(command, args);
        await showResult(result, 'Linked');
        return result;
      }
    }
    return next(command, args);
  };
}
