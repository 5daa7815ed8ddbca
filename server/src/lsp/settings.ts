/** Turns the client's configuration sections into core settings, ignoring values of the wrong type. */
import { DEFAULT_SETTINGS, type RoadmapLinksSettings, type Severity } from '../core/types';

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

/** Settings whose value was given but cannot be used, each with why (shown to the user once per load). */
export function settingsProblems(own: unknown): string[] {
  const section = (own && typeof own === 'object' ? own : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (section.idPattern !== undefined && !(typeof section.idPattern === 'string' && isValidRegExp(section.idPattern))) {
    problems.push(`roadmapLinks.idPattern ${JSON.stringify(section.idPattern)} is not a valid regular expression; using ${DEFAULT_SETTINGS.idPattern}.`);
  }
  if (section.unlinkedDebtSeverity !== undefined && !SEVERITIES.includes(section.unlinkedDebtSeverity as string)) {
    problems.push(`roadmapLinks.unlinkedDebtSeverity ${JSON.stringify(section.unlinkedDebtSeverity)} is not one of ${SEVERITIES.join(', ')}; using ${DEFAULT_SETTINGS.unlinkedDebtSeverity}.`);
  }
  return problems;
}

export function settingsFromConfiguration(own: unknown, filesExclude: unknown): Partial<RoadmapLinksSettings> {
  const settings: Partial<RoadmapLinksSettings> = {};
  const section = (own && typeof own === 'object' ? own : {}) as Record<string, unknown>;
  const strings = (value: unknown) => (Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? (value as string[]) : undefined);
  const roadmapFiles = strings(section.roadmapFiles);
  if (roadmapFiles) settings.roadmapFiles = roadmapFiles;
  const tags = strings(section.tags)?.filter((tag) => tag.trim());
  if (tags?.length) settings.tags = tags;
  if (typeof section.idPattern === 'string' && isValidRegExp(section.idPattern)) settings.idPattern = section.idPattern;
  if (typeof section.unlinkedDebtSeverity === 'string' && SEVERITIES.includes(section.unlinkedDebtSeverity)) {
    settings.unlinkedDebtSeverity = section.unlinkedDebtSeverity as Severity | 'off';
  }
  if (typeof section.maxFileSizeBytes === 'number' && section.maxFileSizeBytes > 0) settings.maxFileSizeBytes = section.maxFileSizeBytes;
  if (typeof section.proposalTarget === 'string') settings.proposalTarget = section.proposalTarget;
  // VS Code's `files.exclude` is a map of glob → enabled.
  const excluded = filesExclude && typeof filesExclude === 'object'
    ? Object.entries(filesExclude as Record<string, unknown>).filter(([, on]) => on === true).map(([glob]) => glob)
    : [];
  settings.exclude = [...(strings(section.exclude) ?? DEFAULT_SETTINGS.exclude), ...excluded];
  return settings;
}

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return source.length > 0;
  } catch {
    return false;
  }
}
