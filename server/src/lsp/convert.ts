/** Conversions between the core's plain data and LSP types. */
import { URI } from 'vscode-uri';
import { DiagnosticSeverity, type Diagnostic, type Location as LspLocation } from 'vscode-languageserver';
import type { Problem, Severity } from '../core/types';
import type { Location } from '../core/workspace/locate';
import type { ClientCommandArguments } from '../protocol';

const DIAGNOSTIC_SOURCE = 'roadmap-links';

/** A `file:` URI → platform path; undefined for other schemes (untitled, git, …), which are not indexed. */
export function uriToPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

export function pathToUri(file: string): string {
  return URI.file(file).toString();
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(problem: Problem): Diagnostic {
  return {
    range: problem.range,
    severity: SEVERITIES[problem.severity],
    source: DIAGNOSTIC_SOURCE,
    code: problem.code,
    message: problem.message,
    data: problem.data,
  };
}

export function toLspLocation(location: Location): LspLocation {
  return { uri: pathToUri(location.file), range: location.range };
}

/** A `command:` URI for Markdown links (VS Code runs it when the link is clicked in a trusted hover). */
export function commandUri<C extends keyof ClientCommandArguments>(
  command: C,
  args: ClientCommandArguments[C],
): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
