/** "Propose to roadmap": the pure core (format-preserving YAML insertion, IDs, titles, comment links, ranking). */
export { addTicketToItem, appendItems, applyOffsetEdits } from './yamlEdit';
export type { AppendResult, NewItemSpec, OffsetEdit } from './yamlEdit';
export {
  idPrefixOf,
  linkCommentEdit,
  newItemIds,
  proposalDefaults,
  rankItemsForComment,
  titleFromDebtText,
} from './propose';
export type { NewIdRequest, NewIds } from './propose';
export { renameEditsInText } from './rename';
