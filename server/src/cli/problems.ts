/** `check` output: problems as compiler-style text lines, JSON, or SARIF 2.1.0 for code scanning. */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { plural, singleLine } from '../core/format';
import { isStrictlyWithin } from '../core/paths';
import type { Problem, ProblemCode, Severity } from '../core/types';
import { toPosix } from '../core/workspace/walker';
import type { DisappearedEntry, FingerprintedJudgedProblem, JudgedProblem } from './check';

export interface CheckSummary {
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  unlinkedDebt: number;
  /** Undefined when no limit was given. */
  maxUnlinked?: number;
  /** When comparing with a base or a baseline: the counts above are of the new problems only. */
  comparison?: {
    /** E.g. `main (merge-base 1a2b3c4)`, `baseline roadmap-baseline.json`. */
    against: string;
    /** Problems that were there before: reported, never judged. */
    unchanged: number;
    newUnlinkedDebt: number;
    maxNewUnlinked: number;
    /** Baseline entries that no longer occur. */
    disappeared: number;
  };
  passed: boolean;
}

/** Problems in a stable order: by file, then position, then code. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function summarize(problems: Problem[], unlinkedDebt: number, maxUnlinked: number | undefined): CheckSummary {
  const count = (severity: Severity) => problems.filter((problem) => problem.severity === severity).length;
  const errors = count('error');
  return {
    errors,
    warnings: count('warning'),
    information: count('information'),
    hints: count('hint'),
    unlinkedDebt,
    ...(maxUnlinked !== undefined && { maxUnlinked }),
    passed: errors === 0 && (maxUnlinked === undefined || unlinkedDebt <= maxUnlinked),
  };
}

/** How a file is named in text and JSON output: relative to where the command runs, like compilers do. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !path.isAbsolute(relative) ? toPosix(relative) : file;
}

/** A disappeared baseline entry's file as problems name theirs; its folder-relative path when no folder is known. */
function disappearedPath(entry: DisappearedEntry, cwd: string): string {
  return entry.file !== undefined ? displayPath(entry.file, cwd) : entry.path;
}

function location(file: string, range: Problem['range'], cwd: string): string {
  return `${displayPath(file, cwd)}:${range.start.line + 1}:${range.start.character + 1}`;
}

/** Compiler-style lines; when comparing, only the new problems are listed. */
export function formatText(
  problems: readonly JudgedProblem[],
  summary: CheckSummary,
  cwd: string,
  disappeared: readonly DisappearedEntry[] = [],
  { inRepository = true }: { inRepository?: boolean } = {},
): string {
  const lines: string[] = [];
  // One problem, one line: a file name or a roadmap value holding a line break cannot fake another problem.
  for (const { problem, state } of problems) {
    if (state === 'unchanged') continue;
    lines.push(
      singleLine(
        `${location(problem.file, problem.range, cwd)}: ${problem.severity}: ${problem.message} [${problem.code}]`,
      ),
    );
    for (const site of problem.data?.sites ?? [])
      lines.push(singleLine(`  ${location(site.file, site.range, cwd)}: still links ${problem.data?.id}`));
  }
  lines.push(summaryLine(summary));
  const hint = gatingHint(problems, summary, inRepository);
  if (hint) lines.push(hint);
  if (summary.maxUnlinked !== undefined && summary.unlinkedDebt > summary.maxUnlinked) {
    lines.push(`Too much unlinked debt: ${summary.unlinkedDebt} > --max-unlinked ${summary.maxUnlinked}.`);
  }
  const comparison = summary.comparison;
  if (comparison && comparison.newUnlinkedDebt > comparison.maxNewUnlinked) {
    lines.push(
      `Too much new unlinked debt: ${comparison.newUnlinkedDebt} > --max-new-unlinked ${comparison.maxNewUnlinked}.`,
    );
  }
  if (disappeared.length) {
    lines.push(
      `${plural(disappeared.length, 'baseline problem')} no longer ${disappeared.length === 1 ? 'occurs' : 'occur'}: tighten the baseline with --write-baseline.`,
    );
    for (const entry of disappeared)
      lines.push(singleLine(`  ${disappearedPath(entry, cwd)}:${entry.line}: ${entry.message} [${entry.code}]`));
  }
  return lines.join('\n') + '\n';
}

/**
 * More unlinked debt than this, listed with no gate chosen (no --base, --baseline or --max-unlinked): a
 * repository with years of TODOs, where the lines scroll past a screen and the exit code is 0.
 */
const MANY_UNLINKED = 20;

/** One line after the summary on how to gate only new debt in CI, where old debt is a wall of lines. */
function gatingHint(
  problems: readonly JudgedProblem[],
  summary: CheckSummary,
  inRepository: boolean,
): string | undefined {
  if (summary.comparison || summary.maxUnlinked !== undefined) return undefined;
  const listed = problems.filter(({ problem }) => problem.code === 'unlinked-debt').length;
  if (listed <= MANY_UNLINKED) return undefined;
  const baseline =
    'record today\'s once with "--write-baseline roadmap-baseline.json" and check with "--baseline roadmap-baseline.json"';
  // --base needs git: outside a repository only the baseline is advice.
  return `To fail CI only on the debt a change adds, ${inRepository ? `run "roadmap-links check --base main", or ${baseline}` : baseline}; "roadmap-links report" lists the unlinked debt in one section.`;
}

export function summaryLine(summary: CheckSummary): string {
  const total = summary.errors + summary.warnings + summary.information + summary.hints;
  const parts = [
    plural(summary.errors, 'error'),
    plural(summary.warnings, 'warning'),
    `${summary.information} information`,
    plural(summary.hints, 'hint'),
  ];
  const comparison = summary.comparison;
  if (comparison) {
    const found = total === 0 ? 'no new problems' : `${plural(total, 'new problem')} (${parts.join(', ')})`;
    return `Against ${comparison.against}: ${found}; ${comparison.newUnlinkedDebt} new unlinked debt (at most ${comparison.maxNewUnlinked}); ${plural(comparison.unchanged, 'older problem')} not judged.`;
  }
  if (total === 0) return `No problems; ${summary.unlinkedDebt} unlinked debt.`;
  return `${plural(total, 'problem')} (${parts.join(', ')}); ${summary.unlinkedDebt} unlinked debt.`;
}

export function formatJson(
  problems: readonly FingerprintedJudgedProblem[],
  summary: CheckSummary,
  folders: string[],
  cwd: string,
  disappeared: readonly DisappearedEntry[] = [],
): string {
  const json = {
    folders,
    summary,
    problems: problems.map(({ problem, fingerprint, state }) => ({
      path: displayPath(problem.file, cwd),
      file: problem.file,
      line: problem.range.start.line + 1,
      column: problem.range.start.character + 1,
      endLine: problem.range.end.line + 1,
      endColumn: problem.range.end.character + 1,
      severity: problem.severity,
      code: problem.code,
      message: problem.message,
      fingerprint,
      ...(state && { baselineState: state }),
      ...(problem.data && { data: problem.data }),
    })),
    // Named as `problems` are: `path` relative to where the command runs, `file` absolute (when known).
    ...(summary.comparison && {
      disappeared: disappeared.map(({ file, folder: _folder, ...entry }) => ({
        ...entry,
        path: disappearedPath({ ...entry, file }, cwd),
        ...(file !== undefined && { file }),
      })),
    }),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Every code the product can report, so `rules[]` is stable whatever a run finds. */
export const RULE_DESCRIPTIONS: Record<ProblemCode, string> = {
  'yaml-syntax': 'Roadmap file is not valid YAML',
  schema: 'Roadmap entry does not follow the roadmap format',
  'duplicate-id': 'ID defined more than once across roadmap files',
  'invalid-id': 'Item ID does not match the ID pattern',
  'unknown-objective': 'Item names an objective that does not exist',
  'unknown-dependency': 'dependsOn names an item that does not exist',
  'unknown-metric': 'Objective names a north-star metric that does not exist',
  'dependency-cycle': 'Items depend on each other in a cycle',
  'missing-value': 'Roadmap item shows no measurable value metric',
  'done-short-of-target': 'Item marked done while its value metric is short of its target',
  'duplicate-north-star': 'A north star declared in more than one roadmap file',
  'unknown-item': 'Code names a roadmap item that does not exist',
  'stale-debt': 'Debt linked to an item that is done or dropped',
  'unlinked-debt': 'Debt annotation not linked to any roadmap item',
  'done-with-debt': 'Item marked done while debt annotations still link it',
  'file-unreadable': 'File could not be read',
  'tracker-prefix': 'Tracker prefix is also a roadmap item prefix, or declared twice',
  'duplicate-ticket': 'Ticket listed by more than one roadmap item',
  'unknown-tracker': 'Ticket whose prefix no tracker declares',
  'invalid-mix': 'North-star mix shares are not percentages adding up to 100',
  'ticket-not-on-roadmap': 'Ticket cited in code that no roadmap item lists (tracked outside the roadmap)',
  'expired-debt': 'Debt past the date written in its annotation',
  'overdue-debt': 'Debt linked to an item past its due date',
};

const SARIF_LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** The key of our fingerprints in SARIF `partialFingerprints`; bump the suffix with the recipe. */
export const SARIF_FINGERPRINT_KEY = 'roadmapLinks/v1';

export function formatSarif(
  problems: readonly FingerprintedJudgedProblem[],
  folders: string[],
  version: string,
): string {
  const ruleIds = Object.keys(RULE_DESCRIPTIONS) as ProblemCode[];
  // One base per folder, so URIs stay relative (portable between checkouts) in multi-root runs.
  const baseIds = folders.map((_, index) => `ROOT${index}`);
  const originalUriBaseIds: Record<string, { uri: string }> = {};
  folders.forEach((folder, index) => {
    const uri = pathToFileURL(folder).href;
    originalUriBaseIds[baseIds[index]] = { uri: uri.endsWith('/') ? uri : `${uri}/` };
  });
  const artifactLocation = (file: string) => {
    let best = -1;
    folders.forEach((folder, index) => {
      if (isStrictlyWithin(folder, file) && (best < 0 || folder.length > folders[best].length)) best = index;
    });
    if (best < 0) return { uri: pathToFileURL(file).href };
    const uri = toPosix(path.relative(folders[best], file)).split('/').map(encodeURIComponent).join('/');
    return { uri, uriBaseId: baseIds[best] };
  };
  const physicalLocation = (file: string, range: Problem['range']) => ({
    physicalLocation: {
      artifactLocation: artifactLocation(file),
      // SARIF columns are 1-based UTF-16 units like ours + 1; endColumn points past the end.
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  });
  const sarif = {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'roadmap-links',
            version,
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: RULE_DESCRIPTIONS[id] } })),
          },
        },
        originalUriBaseIds,
        results: problems.map(({ problem, fingerprint, state }) => ({
          ruleId: problem.code,
          ruleIndex: ruleIds.indexOf(problem.code),
          level: SARIF_LEVELS[problem.severity],
          message: { text: problem.message },
          locations: [physicalLocation(problem.file, problem.range)],
          // Stable across line moves, so code scanning keeps tracking the same alert.
          partialFingerprints: { [SARIF_FINGERPRINT_KEY]: fingerprint },
          ...(state && { baselineState: state }),
          ...(problem.data?.sites && {
            relatedLocations: problem.data.sites.map((site, id) => ({
              id,
              ...physicalLocation(site.file, site.range),
              message: { text: `still links ${problem.data?.id}` },
            })),
          }),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
