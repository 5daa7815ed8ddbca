/** What ID stands at a position, and where things are defined and referenced: navigation's core. */
import { rangeContains } from '../text';
import { prefixOf } from '../ids';
import type { Annotation, Position, Range, Roadmap, RoadmapItem, Tracker } from '../types';
import type { WorkspaceIndex } from './index';

export type Entity = 'item' | 'objective' | 'metric';

export interface IdAtPosition {
  id: string;
  range: Range;
  entity: Entity;
  /** `definition`: the `id:` of the thing itself; `reference`: named in a roadmap file; `code`: named by an annotation. */
  role: 'definition' | 'reference' | 'code';
  annotation?: Annotation;
}

export interface Location {
  file: string;
  range: Range;
}

export function idAt(index: WorkspaceIndex, file: string, position: Position): IdAtPosition | undefined {
  const model = index.roadmapModelOf(file);
  if (model) {
    for (const item of model.items) {
      if (rangeContains(item.idRange, position))
        return { id: item.id, range: item.idRange, entity: 'item', role: 'definition' };
    }
    for (const objective of model.objectives) {
      if (rangeContains(objective.idRange, position))
        return { id: objective.id, range: objective.idRange, entity: 'objective', role: 'definition' };
    }
    for (const metric of model.northStar?.metrics ?? []) {
      if (rangeContains(metric.idRange, position))
        return { id: metric.id, range: metric.idRange, entity: 'metric', role: 'definition' };
    }
    for (const reference of model.references) {
      if (reference.kind === 'ticket') continue;
      if (rangeContains(reference.range, position)) {
        const entity: Entity =
          reference.kind === 'objective' ? 'objective' : reference.kind === 'metric' ? 'metric' : 'item';
        return { id: reference.targetId, range: reference.range, entity, role: 'reference' };
      }
    }
    return undefined;
  }
  for (const annotation of index.annotationsOf(file)) {
    if (!rangeContains(annotation.range, position)) continue;
    const links = index.linksOf(annotation);
    const mention = links.find((candidate) => rangeContains(candidate.range, position)) ?? links[0];
    if (mention) return { id: mention.id, range: mention.range, entity: 'item', role: 'code', annotation };
  }
  return undefined;
}

export interface TicketAtPosition {
  ticket: string;
  range: Range;
  /** Absent for an entry of `tickets` whose prefix no tracker declares. */
  tracker?: Tracker;
  /** The item that lists the ticket, if one does. */
  item?: RoadmapItem;
}

/** The ticket at a position: cited by an annotation in code, or an entry of an item's `tickets`. */
export function ticketAt(index: WorkspaceIndex, file: string, position: Position): TicketAtPosition | undefined {
  const roadmap = index.roadmap;
  const model = index.roadmapModelOf(file);
  if (model) {
    const reference = model.references.find(
      (candidate) => candidate.kind === 'ticket' && rangeContains(candidate.range, position),
    );
    if (!reference) return undefined;
    const tracker = roadmap.trackers.get(prefixOf(reference.targetId));
    const item = roadmap.tickets.get(reference.targetId);
    return {
      ticket: reference.targetId,
      range: reference.range,
      ...(tracker ? { tracker } : {}),
      ...(item ? { item } : {}),
    };
  }
  for (const annotation of index.annotationsOf(file)) {
    if (!rangeContains(annotation.range, position)) continue;
    const link = index.ticketsOf(annotation).find((candidate) => rangeContains(candidate.mention.range, position));
    if (link)
      return {
        ticket: link.mention.id,
        range: link.mention.range,
        tracker: link.tracker,
        ...(link.item ? { item: link.item } : {}),
      };
  }
  return undefined;
}

/** The annotation (linked or not) whose range holds the position. */
/** The annotation whose comment text covers the position: its tag's line from the tag, and its continuation lines. */
export function annotationAt(index: WorkspaceIndex, file: string, position: Position): Annotation | undefined {
  return index.annotationsOf(file).find((annotation) => rangeContains(annotationExtent(annotation), position));
}

/** From the tag to the end of the annotation's text, continuation lines (and a block's closer line) included. */
export function annotationExtent(annotation: Annotation): Range {
  return annotation.extentEnd ? { start: annotation.range.start, end: annotation.extentEnd } : annotation.range;
}

export function definitionOf(roadmap: Roadmap, id: string, entity: Entity): Location | undefined {
  const target =
    entity === 'item'
      ? roadmap.items.get(id)
      : entity === 'objective'
        ? roadmap.objectives.get(id)
        : roadmap.northStarMetrics.get(id);
  return target && { file: target.file, range: target.idRange };
}

/** Every place that names the ID: roadmap references, code sites, and (optionally) its definition. */
export function referencesOf(
  index: WorkspaceIndex,
  id: string,
  entity: Entity,
  includeDefinition: boolean,
): Location[] {
  const locations: Location[] = [];
  const roadmap = index.roadmap;
  if (includeDefinition) {
    const definition = definitionOf(roadmap, id, entity);
    if (definition) locations.push(definition);
  }
  const referenceKind = entity === 'item' ? 'dependsOn' : entity;
  for (const model of roadmap.files) {
    // Lists shared through a YAML alias give several references at one range: it is listed (and renamed) once.
    const seen = new Set<string>();
    for (const reference of model.references) {
      if (reference.targetId !== id || reference.kind !== referenceKind) continue;
      const key = `${reference.range.start.line}:${reference.range.start.character}:${reference.range.end.line}:${reference.range.end.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      locations.push({ file: model.file, range: reference.range });
    }
  }
  if (entity === 'item') {
    // A site linked through a ticket names the ticket, not the ID: it is no reference to rename.
    for (const site of index.sitesOf(id))
      if (site.via !== 'ticket') locations.push({ file: site.file, range: site.mention.range });
  }
  return locations;
}
