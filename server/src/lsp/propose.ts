/**
 * The server side of "Propose to roadmap" and "Link to existing item": checks that the comment is
 * still what the action was computed from, re-reads the roadmap, builds one WorkspaceEdit for the
 * roadmap file and the comment (one undo reverts both), and updates the index once it is applied.
 */
import * as path from 'path';
import {
  addTicketToItem,
  appendItems,
  applyOffsetEdits,
  idPrefixOf,
  linkCommentEdit,
  newItemIds,
  proposalDefaults,
  titleFromDebtText,
  type NewItemSpec,
  type OffsetEdit,
} from '../core/propose';
import { isWithin } from '../core/paths';
import { firstSyntaxError } from '../core/roadmap';
import { scanText } from '../core/scanner';
import { LineMap } from '../core/text';
import { VALUE_CATEGORIES, type Annotation, type ValueCategory } from '../core/types';
import type { AddTicketArgs, CommandResult, DebtTarget, LinkArgs, ProposalChoices, ProposeArgs } from '../protocol';
import { pathToUri, uriToPath } from './convert';
import { refusalToEdit, sendEdit, snapshotOf, workspaceEditOf, type EditHost, type Snapshot } from './edits';

/** What proposals use of the server's state (the Session implements it; tests may fake it). */
export interface ProposalHost extends EditHost {
  readonly trusted: boolean;
  /** Sets a file's text in the index (after an edit was applied) and publishes what changed. */
  applyUpdate(file: string, text: string): void;
  log(message: string): void;
}

/** Where a debt annotation was, in the file a command names; with `ticket`, one citing that unlisted ticket. */
type DebtPosition = Omit<DebtTarget, 'uri'> & { ticket?: string };

export class ProposalService {
  /** IDs handed out by proposals not yet seen in the index, so two quick proposals never collide. */
  private readonly reservedIds = new Set<string>();

  constructor(private readonly session: ProposalHost) {}

  /** Edits run one at a time: each computes its IDs and offsets from the state the previous one left. */
  private queue: Promise<unknown> = Promise.resolve();

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  propose(args: ProposeArgs): Promise<CommandResult> {
    return this.serialized(() => this.proposeMany(args.uri, [args], args));
  }

  /** Every unlinked debt annotation of a file becomes an item, IDs in file order, in one edit. */
  proposeAllInFile(uri: string, choices: ProposalChoices = {}): Promise<CommandResult> {
    return this.serialized(() => this.proposeAllNow(uri, choices));
  }

  private async proposeAllNow(uri: string, choices: ProposalChoices): Promise<CommandResult> {
    const file = uriToPath(uri);
    if (!file) return failure('Only files on disk can be proposed.');
    const text = await this.session.currentText(file);
    if (text === undefined) return failure(`Cannot read ${file}.`);
    const targets = this.unlinkedDebt(file, text).map((annotation) => ({
      line: annotation.tagRange.start.line,
      character: annotation.tagRange.start.character,
      expectedText: annotation.text,
    }));
    if (!targets.length) return failure('This file has no unlinked debt.');
    return this.proposeMany(uri, targets, choices);
  }

  /** Unlinked debt annotations of a text, judged with the index's current roadmap. */
  private unlinkedDebt(file: string, text: string): Annotation[] {
    const index = this.session.index;
    return scanText(text, file, index.settings).filter((annotation) => index.isUnlinkedDebt(annotation));
  }

  private async proposeMany(uri: string, targets: DebtPosition[], choices: ProposalChoices): Promise<CommandResult> {
    const session = this.session;
    if (!session.trusted) return failure('This workspace is not trusted: Roadmap Links does not edit files in it.');
    if (!session.index.roadmapLoaded) return failure(ROADMAP_NOT_LOADED);
    if (!session.index.hasRoadmap)
      return failure(
        'This workspace has no roadmap file (roadmap.yaml), so there is no roadmap to propose to; nothing was edited.',
      );
    const file = uriToPath(uri);
    if (!file || !session.index.folderOf(file)) return failure('The file is not inside a workspace folder.');
    const codeRefusal = await refusalToEdit(session, file);
    if (codeRefusal) return failure(codeRefusal);
    const code = await snapshotOf(session, file);
    const codeText = code.text;
    if (codeText === undefined) return failure(`Cannot read ${session.index.relativePath(file)}.`);
    const found = this.findAnnotations(file, codeText, targets);
    if (typeof found === 'string') return failure(found);
    const ticket = targets.length === 1 ? targets[0].ticket : undefined;

    const roadmapFile = this.targetRoadmapFile(file);
    const roadmapRefusal = await refusalToEdit(session, roadmapFile, { roadmap: true, mayCreate: true });
    if (roadmapRefusal) return failure(roadmapRefusal);
    const roadmapSnapshot = await this.freshRoadmapSnapshot(roadmapFile);
    const roadmapText = roadmapSnapshot.text;
    const model = session.index.roadmapModelOf(roadmapFile);
    if (model && !model.syntaxOk) {
      const syntaxError = firstSyntaxError(model);
      const relative = session.index.relativePath(roadmapFile);
      return {
        applied: false,
        ids: [],
        message: syntaxError
          ? `${relative}:${syntaxError.range.start.line + 1}:${syntaxError.range.start.character + 1}: YAML syntax error: ${syntaxError.message.split('\n')[0]}. Fix it before proposing: a broken roadmap file is never rewritten.`
          : `${relative} cannot be read as YAML; fix it before proposing (it is never rewritten while broken).`,
        errorLocation: syntaxError && { uri: pathToUri(roadmapFile), range: syntaxError.range },
      };
    }

    const roadmap = session.index.roadmap;
    const newIds = newItemIds({
      count: found.length,
      itemIds: [...roadmap.items.keys()],
      otherIds: [...roadmap.objectives.keys(), ...roadmap.northStarMetrics.keys()],
      // The target file's own prefix first (a team file may use "PAY-"), else the roadmap's.
      preferredPrefixes: model?.items.length
        ? [
            idPrefixOf(
              model.items.map((item) => item.id),
              '',
            ),
          ]
        : [],
      idPattern: session.index.settings.idPattern,
      trackerPrefixes: new Set(roadmap.trackers.keys()),
      reserved: [...this.reservedIds, ...session.index.keysInUse()],
    });
    if (!newIds.ok) return failure(newIds.reason);
    const ids = newIds.ids;
    const relativePath = session.index.relativePath(file);
    const defaults = proposalDefaults(session.index.roadmap, found[0].text, relativePath);
    const category = choices.category ?? defaults.category;
    const specs: NewItemSpec[] = found.map((annotation, i) => ({
      id: ids[i],
      title: titleFromDebtText(annotation.text, annotation.continuation),
      kind: 'debt',
      status: 'proposed',
      objective: choices.objective ?? defaults.objective,
      category: isCategory(category) ? category : undefined,
      metric: choices.metric,
      ...(ticket ? { tickets: [ticket] } : {}),
      source: `${relativePath}:${annotation.tagRange.start.line + 1}`,
    }));
    const appended = appendItems(roadmapText ?? '', specs);
    if (!appended.ok) return failure(`Cannot add to ${session.index.relativePath(roadmapFile)}: ${appended.reason}`);

    // A comment citing the ticket is linked once the new item lists it: only the roadmap changes.
    const codeEdits = ticket ? [] : found.map((annotation, i) => this.linkEdit(codeText, annotation, ids[i]));
    const edit = workspaceEditOf(session, [
      { snapshot: roadmapSnapshot, edits: appended.edits },
      { snapshot: code, edits: codeEdits },
    ]);
    for (const id of ids) this.reservedIds.add(id);
    const label = ids.length === 1 ? `Propose ${ids[0]} to the roadmap` : `Propose ${ids.length} items to the roadmap`;
    const notApplied = await sendEdit(session, label, edit, [roadmapSnapshot, code]);
    if (notApplied) {
      for (const id of ids) this.reservedIds.delete(id);
      return failure(notApplied);
    }
    // The index sees the new item at once, before the editor's change events arrive.
    session.applyUpdate(roadmapFile, appended.newText);
    session.applyUpdate(file, applyOffsetEdits(codeText, codeEdits));
    return { applied: true, ids };
  }

  /** "Add KEY to item": the ticket goes into the item's `tickets`, one format-preserving edit of its roadmap file. */
  addTicket(args: AddTicketArgs): Promise<CommandResult> {
    return this.serialized(() => this.addTicketNow(args));
  }

  private async addTicketNow(args: AddTicketArgs): Promise<CommandResult> {
    const session = this.session;
    if (!session.trusted) return failure('This workspace is not trusted: Roadmap Links does not edit files in it.');
    if (!session.index.roadmapLoaded) return failure(ROADMAP_NOT_LOADED);
    const item = session.index.roadmap.items.get(args.id);
    if (!item) return failure(`${args.id} is not on the roadmap.`);
    const owner = session.index.roadmap.tickets.get(args.ticket);
    if (owner)
      return failure(
        `${args.ticket} is already listed by ${owner.id}; a ticket belongs to one item. Nothing was edited.`,
      );
    const refusal = await refusalToEdit(session, item.file, { roadmap: true });
    if (refusal) return failure(refusal);
    const snapshot = await this.freshRoadmapSnapshot(item.file);
    const roadmapText = snapshot.text;
    if (roadmapText === undefined) return failure(`Cannot read ${session.index.relativePath(item.file)}.`);
    const added = addTicketToItem(roadmapText, args.id, args.ticket);
    if (!added.ok) return failure(`Cannot edit ${session.index.relativePath(item.file)}: ${added.reason}`);
    const edit = workspaceEditOf(session, [{ snapshot, edits: added.edits }]);
    const notApplied = await sendEdit(session, `Add ${args.ticket} to ${args.id}`, edit, [snapshot]);
    if (notApplied) return failure(notApplied);
    session.applyUpdate(item.file, added.newText);
    return { applied: true, ids: [args.id] };
  }

  link(args: LinkArgs): Promise<CommandResult> {
    return this.serialized(() => this.linkNow(args));
  }

  private async linkNow(args: LinkArgs): Promise<CommandResult> {
    const session = this.session;
    if (!session.trusted) return failure('This workspace is not trusted: Roadmap Links does not edit files in it.');
    if (!session.index.roadmapLoaded) return failure(ROADMAP_NOT_LOADED);
    if (!args.id) return failure('No item was chosen.');
    if (!session.index.roadmap.items.has(args.id)) return failure(`${args.id} is not on the roadmap.`);
    const file = uriToPath(args.uri);
    if (!file) return failure('Only files on disk can be linked.');
    const refusal = await refusalToEdit(session, file);
    if (refusal) return failure(refusal);
    const code = await snapshotOf(session, file);
    const codeText = code.text;
    if (codeText === undefined) return failure(`Cannot read ${file}.`);
    const found = this.findAnnotations(file, codeText, [args]);
    if (typeof found === 'string') return failure(found);
    const codeEdit = this.linkEdit(codeText, found[0], args.id);
    const edit = workspaceEditOf(session, [{ snapshot: code, edits: [codeEdit] }]);
    const notApplied = await sendEdit(session, `Link to ${args.id}`, edit, [code]);
    if (notApplied) return failure(notApplied);
    session.applyUpdate(file, applyOffsetEdits(codeText, [codeEdit]));
    return { applied: true, ids: [args.id] };
  }

  /** The annotations the action was offered for, or why they no longer match the file. */
  private findAnnotations(file: string, text: string, targets: DebtPosition[]): Annotation[] | string {
    const index = this.session.index;
    const unlinked = this.unlinkedDebt(file, text);
    const found: Annotation[] = [];
    for (const target of targets) {
      const { ticket } = target;
      const pool = ticket
        ? scanText(text, file, index.settings).filter((annotation) =>
            index.ticketsOf(annotation).some((link) => link.mention.id === ticket && !link.item),
          )
        : unlinked;
      const annotation = pool.find(
        (candidate) =>
          candidate.tagRange.start.line === target.line && candidate.tagRange.start.character === target.character,
      );
      if (!annotation || annotation.text !== target.expectedText) {
        return `The comment at ${this.session.index.relativePath(file)}:${target.line + 1} moved or changed since the action was offered; nothing was edited. Run the action again.`;
      }
      found.push(annotation);
    }
    return found;
  }

  private linkEdit(text: string, annotation: Annotation, id: string): OffsetEdit {
    const lines = new LineMap(text);
    const line = annotation.tagRange.start.line;
    const lineStart = lines.lineStarts[line];
    const tag = annotation.tagRange;
    const edit = linkCommentEdit(
      lines.lineText(line),
      tag.start.character,
      tag.end.character - tag.start.character,
      id,
    );
    return { start: lineStart + edit.start, end: lineStart + edit.end, newText: edit.newText };
  }

  /** The setting's file, else the roadmap file nearest the code, else a new `roadmap.yaml` at the folder root. */
  private targetRoadmapFile(codeFile: string): string {
    const index = this.session.index;
    const folder = index.folderOf(codeFile)!;
    if (index.settings.proposalTarget) {
      const configured = path.resolve(folder, index.settings.proposalTarget);
      // A setting must not make the server write outside the workspace.
      if (index.folderOf(configured) === folder) return configured;
      this.session.log(
        `ignoring roadmapLinks.proposalTarget outside the workspace folder: ${index.settings.proposalTarget}`,
      );
    }
    const candidates = index.roadmap.files.map((model) => model.file);
    const inFolder = candidates.filter((candidate) => index.folderOf(candidate) === folder);
    const pool = inFolder.length ? inFolder : candidates;
    let best: string | undefined;
    let bestDepth = -1;
    for (const candidate of pool) {
      const directory = path.dirname(candidate);
      const encloses = isWithin(directory, codeFile);
      // The deepest roadmap folder that encloses the code wins; an enclosing one beats any other.
      const depth = encloses ? directory.length : -1;
      if (best === undefined || depth > bestDepth) {
        best = candidate;
        bestDepth = depth;
      }
    }
    return best ?? path.join(folder, 'roadmap.yaml');
  }

  /** Reads the roadmap file as it is now (editor or disk) and re-indexes it if the index is behind. */
  private async freshRoadmapSnapshot(roadmapFile: string): Promise<Snapshot> {
    const snapshot = await snapshotOf(this.session, roadmapFile);
    const text = snapshot.text;
    const model = this.session.index.roadmapModelOf(roadmapFile);
    if (text !== undefined && model?.text !== text) this.session.applyUpdate(roadmapFile, text);
    if (text === undefined && model) this.session.index.removeFile(roadmapFile);
    return snapshot;
  }
}

/** Why Propose and Link wait for the first scan's roadmap files (an item not yet read would be proposed again). */
export const ROADMAP_NOT_LOADED =
  'Roadmap Links is still reading the roadmap files; nothing was edited. Try again in a moment.';

function failure(message: string): CommandResult {
  return { applied: false, ids: [], message };
}

function isCategory(value: string | undefined): value is ValueCategory {
  return value !== undefined && (VALUE_CATEGORIES as readonly string[]).includes(value);
}
