/**
 * Reads source files for the index and scans them for annotations: one file at a time, synchronously,
 * so that it can run in a worker thread (see `readWorker.ts`) or, for small scans, on the caller's.
 */
import { globMatcher } from '../glob';
import { CandidateFilter, languageOf, mayBeScript, scanText } from '../scanner';
import type { CompiledSettings } from '../settings';
import { DEFAULT_ROADMAP_GLOBS, type Annotation } from '../types';
import { readBytesSync } from './files';

/** What reading one source file gave: its annotations (absent when none), or why it was skipped. */
export type SourceResult = { file: string; annotations?: Annotation[] } | { file: string; skipped: string };

export class SourceReader {
  private readonly scratch = { buffer: Buffer.allocUnsafe(64 * 1024) };
  private readonly candidates: CandidateFilter;

  constructor(private readonly settings: CompiledSettings) {
    this.candidates = new CandidateFilter(settings);
  }

  read(file: string): SourceResult {
    const outcome = readBytesSync(file, this.settings.maxFileSizeBytes, this.scratch);
    if (!outcome.ok) return { file, skipped: `${outcome.reason}: ${outcome.detail}` };
    // Most files hold no tag that could count: they are neither decoded nor lexed.
    if (!this.candidates.mayHold(outcome.bytes)) return { file };
    const annotations = scanText(outcome.bytes.toString('utf8'), file, this.settings);
    return annotations.length ? { file, annotations } : { file };
  }
}

export type FileKind = 'roadmap' | 'source';

/** What a workspace-relative path is to the index: a roadmap file, a source file, or nothing it reads. */
export function fileKinds(settings: CompiledSettings): (relativePath: string) => FileKind | undefined {
  const isRoadmapFile = globMatcher(settings.roadmapFiles.length ? settings.roadmapFiles : DEFAULT_ROADMAP_GLOBS);
  return (relativePath) =>
    isRoadmapFile(relativePath)
      ? 'roadmap'
      : languageOf(relativePath) !== undefined || mayBeScript(relativePath)
        ? 'source'
        : undefined;
}
