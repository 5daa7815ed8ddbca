/** The comment-aware annotation scanner: which comments a file has, and the annotations in them. */
export { CandidateFilter, scanText, scanLanguageText } from './annotations';
export { findComments, type CommentSpan } from './comments';
export { languageOf, languageOfFile, mayBeScript } from './files';
export { knownLanguageIds } from './languages';
