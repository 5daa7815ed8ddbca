/** Command-line parsing on `util.parseArgs`, with one-line usage errors and the help texts. */
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseArgs, type ParseArgsConfig } from 'util';

/** A mistake in how the command was called: reported in one line, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = {
  main: `Usage: roadmap-links <command> [options]

Ties TODO/FIXME/HACK comments and git changes to the team roadmap and its value metrics.

Commands:
  check [DIR...]    Report problems of the roadmap and of the annotations in code
  changes [DIR]     Which roadmap items the current change serves (for a pull request)
  report [DIR...]   The roadmap with code sites and debt per item and per objective
  init [DIR...]     Create DIR/roadmap.yaml: a skeleton with the trackers the code's comments cite

Options:
  -h, --help        Show help; "roadmap-links <command> --help" for a command
  -v, --version     Show the version

DIR defaults to the current folder. Settings come from DIR/.vscode/settings.json (roadmapLinks.*).
Exit codes: 0 success, 1 check failed, 2 usage or environment error.
`,
  check: `Usage: roadmap-links check [DIR...] [--format text|json|sarif] [--max-unlinked N]
                            [--base REF] [--baseline FILE] [--max-new-unlinked N] [--write-baseline FILE]

Reports every problem: roadmap rules (syntax, schema, duplicate or unknown IDs, dependency
cycles, items without a value metric, trackers and tickets), unknown item IDs in code, stale,
expired and overdue debt, tickets no item lists, and unlinked debt. Several DIRs are checked as
one multi-root workspace.

With --base, only what the branch adds or changes is judged (HEAD against its merge-base with
REF; uncommitted work too, except when CI is set): new unlinked, stale, expired or unknown-ID
debt, and roadmap problems on the lines it touched, plus any item it marks done while debt still
links it. Debt that only moved is not new, and old debt never fails the check. With --baseline,
only problems not recorded in FILE are judged; with both, only what is new to both. Either way
the check fails on a new error or on more than --max-new-unlinked (default 0) new unlinked debt.

Options:
  --format FORMAT         text (default; "path:line:col: severity: message [code]"), json or sarif
  --max-unlinked N        also fail when more than N debt annotations are unlinked
  --base REF              judge only what the branch adds against REF (a branch, tag or commit)
  --max-new-unlinked N    with --base, --baseline or both: fail when more than N new debt
                          annotations are unlinked (default 0)
  --baseline FILE         judge only problems not recorded in FILE; list those that disappeared
  --write-baseline FILE   record today's problems in FILE (fingerprints survive line moves); exit 0
  --warn-only             report, but exit 0 even when the check fails
  -h, --help              Show this help

Exit codes: 0 no errors, 1 errors found or too much (new) unlinked debt, 2 usage error or no
roadmap file in DIR.
`,
  init: `Usage: roadmap-links init [DIR...]

Creates DIR/roadmap.yaml for a workspace that has no roadmap file: the format's skeleton, one
objective named after the folder (web: OBJ-WEB) to replace, no items yet (a comment shows one),
and a tracker for each issue-key prefix the code's comments already cite (KAFKA-123, #123), as
the editor's "Create roadmap.yaml" does. Never overwrites: refused when any roadmap file exists or
roadmap.yaml is there in any form.

Several DIRs are one multi-root workspace, as for "check DIR...": each DIR without a roadmap gets
one, with no ID and no tracker that the roadmap of the others (or one written before) has.

Options:
  -h, --help          Show this help

Exit codes: 0 written (in at least one DIR), 2 usage error, a roadmap file already there, or
nothing could be written.
`,
  changes: `Usage: roadmap-links changes [DIR] [--base REF | --branch] [--format markdown|json]

Lists the changed hunks and the roadmap items each serves (annotations in the hunk, enclosing
@roadmap marker, items' paths globs, "Roadmap: RM-12" commit trailers), new debt, and changes
tied to no item. Markdown output is ready to paste into a pull-request description.

Options:
  --base REF          compare HEAD with its merge-base with REF (default: the working tree and
                      index against HEAD, untracked files included)
  --branch            compare HEAD with its merge-base with main or master
  --format FORMAT     markdown (default) or json
  -h, --help          Show this help

Exit codes: 0 report written, 2 usage error or DIR not in a git repository.
`,
  report: `Usage: roadmap-links report [DIR...] [--format markdown|json|html] [history options]

The roadmap with, per item and per objective, its value metrics and progress, how many code
sites link it and how much of that is debt; unknown IDs and unlinked debt at the end. In a git
repository, value over time too: each metric's history on the default branch, the mix of
changed lines per item kind against northStar.mix, the debt trend, the oldest debt and debt by
owner (git blame, CODEOWNERS).

Options:
  --format FORMAT     markdown (default), json, or html (one self-contained file, inline SVG charts)
  --base REF          the mix of HEAD against its merge-base with REF (default: the last days of
                      the default branch)
  --mix-days N        days of the default branch the mix covers (default: roadmapLinks.mixDays, 90)
  --stale-days N      flag in-progress items whose metric has not moved for N days
                      (default: roadmapLinks.staleMetricDays, 30)
  --trend-weeks N     weekly debt samples over N weeks (default 52)
  --max-commits N     commits walked at most (default 1000)
  --no-history        no git: the roadmap and code sites only
  -h, --help          Show this help

Exit codes: 0 report written, 2 usage error or no roadmap file in DIR.
`,
};

export type Command = 'check' | 'changes' | 'report' | 'init';

export function isCommand(name: string): name is Command {
  return name === 'check' || name === 'changes' || name === 'report' || name === 'init';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: Command, args: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }), command);
  }
}

/** node's messages are long and suggest `--` tricks; keep the gist. */
function describeParseError(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(error.message)) return `option ${option} needs a value`;
      if (/ambiguous/.test(error.message))
        return `option ${option} needs a value; write ${option}=VALUE for one starting with "-"`;
      return `option ${option} takes no value`;
    default:
      return error.message;
  }
}

export function oneOf<T extends string>(
  command: Command,
  option: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got "${String(value)}")`, command);
}

export function nonNegativeInteger(command: Command, option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new UsageError(`--${option} must be a whole number ≥ 0 (got "${String(value)}")`, command);
}

/** Absolute folders from the positionals (cwd when none); a missing folder is a usage error. */
export async function resolveFolders(
  command: Command,
  positionals: string[],
  cwd: string,
  max = Infinity,
): Promise<string[]> {
  if (positionals.length > max)
    throw new UsageError(`expects at most ${max} folder, got ${positionals.length}`, command);
  const folders = (positionals.length ? positionals : ['.']).map((folder) => path.resolve(cwd, folder));
  for (const folder of folders) {
    const stat = await fs.stat(folder).catch(() => undefined);
    if (!stat) throw new UsageError(`no such folder: ${folder}`, command);
    if (!stat.isDirectory()) throw new UsageError(`not a folder: ${folder}`, command);
  }
  return [...new Set(folders)];
}
