/**
 * Runs the differential comparison over folders and formats what it found: agreement per language,
 * disagreement classes, and the first disagreements with both verdicts.
 */
import * as path from 'path';
import { languageOf } from '../../server/src/core/scanner';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { readTextFile, walkFolder } from '../../server/src/core/workspace';
import {
  addTally,
  compareFile,
  emptyTally,
  hasOracle,
  lineColumn,
  lineStartsOf,
  spansIn,
  type Disagreement,
  type Tally,
} from './compare';
import { ORACLES, parserFor } from './grammars';

export interface AccuracyOptions {
  /** Files over this many bytes are skipped (default: the product's own cap). */
  maxBytes?: number;
  /** Bound on tree-sitter's parse of one file. */
  timeoutMs?: number;
  /** How many disagreements to keep in full (all are counted and classified). */
  keep?: number;
}

export interface LanguageFigures {
  files: number;
  /** Files compared whose tree has ERROR nodes (compared outside them). */
  withParseErrors: number;
  timeouts: number;
  /** Files the grammar does not read (zsh in a shell file, a `.conf` that is not INI). */
  otherDialect: number;
  /** Files the grammar itself failed on (a trap in its external scanner). */
  oracleFailures: number;
  tally: Tally;
}

export interface Located extends Disagreement {
  languageId: string;
  /** Folder-name-prefixed path, e.g. `vite/packages/x.ts`. */
  file: string;
  line: number;
  column: number;
  /** The scanner's and tree-sitter's text at the place (first line, shortened). */
  scannerText?: string;
  treeSitterText?: string;
}

export interface DisagreementClass {
  key: string;
  count: number;
  example: Located;
}

export interface AccuracyReport {
  languages: Map<string, LanguageFigures>;
  skipped: { tooLarge: number; binary: number; unreadable: number };
  /** Languages whose grammar did not load, with the reason. */
  unavailable: Map<string, string>;
  classes: DisagreementClass[];
  first: Located[];
}

export async function runAccuracy(folders: string[], options: AccuracyOptions = {}): Promise<AccuracyReport> {
  const maxBytes = options.maxBytes ?? DEFAULT_SETTINGS.maxFileSizeBytes;
  const timeoutMs = options.timeoutMs ?? 5000;
  const keep = options.keep ?? 20;
  const report: AccuracyReport = {
    languages: new Map(),
    skipped: { tooLarge: 0, binary: 0, unreadable: 0 },
    unavailable: new Map(),
    classes: [],
    first: [],
  };
  const classes = new Map<string, DisagreementClass>();
  const grammarLoads = new Map<string, boolean>();
  for (const folder of folders) {
    const root = path.resolve(folder);
    const label = path.basename(root);
    const files = walkFolder(root, {
      exclude: DEFAULT_SETTINGS.exclude,
      wantFile: (relative) => {
        const languageId = languageOf(relative);
        return languageId !== undefined && hasOracle(languageId);
      },
    });
    for await (const absolute of files) {
      const languageId = languageOf(absolute)!;
      if (!(grammarLoads.get(languageId) ?? (await loadable(languageId, report, grammarLoads)))) continue;
      const read = await readTextFile(absolute, maxBytes);
      if (!read.ok) {
        report.skipped[read.reason === 'too-large' ? 'tooLarge' : read.reason]++;
        continue;
      }
      const figures = figuresOf(report, languageId);
      const oracle = ORACLES[languageId];
      if (oracle.accepts && !oracle.accepts(path.basename(absolute), read.text)) {
        figures.otherDialect++;
        continue;
      }
      const outcome = await compareFile(read.text, languageId, timeoutMs);
      if (!outcome.compared) {
        if (outcome.reason === 'timeout') figures.timeouts++;
        else {
          figures.oracleFailures++;
          if (process.env.ACCURACY_DEBUG) process.stderr.write(`${absolute}: ${outcome.detail}\n`);
        }
        continue;
      }
      figures.files++;
      if (outcome.hadErrors) figures.withParseErrors++;
      addTally(figures.tally, outcome.tally);
      if (!outcome.disagreements.length) continue;
      const lineStarts = lineStartsOf(read.text);
      const file = `${label}/${path.relative(root, absolute).split(path.sep).join('/')}`;
      for (const disagreement of outcome.disagreements) {
        const located: Located = { ...disagreement, languageId, file, ...lineColumn(lineStarts, disagreement.offset) };
        if (disagreement.scanner)
          located.scannerText = excerpt(read.text, disagreement.scanner.start, disagreement.scanner.end);
        if (disagreement.treeSitter)
          located.treeSitterText = excerpt(read.text, disagreement.treeSitter.start, disagreement.treeSitter.end);
        const key = `${languageId} ${disagreement.kind}: ${disagreement.context}`;
        const known = classes.get(key);
        if (known) known.count++;
        else classes.set(key, { key, count: 1, example: located });
        if (report.first.length < keep) report.first.push(located);
      }
    }
  }
  report.classes = [...classes.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return report;
}

async function loadable(languageId: string, report: AccuracyReport, loads: Map<string, boolean>): Promise<boolean> {
  try {
    await parserFor(ORACLES[languageId]);
    loads.set(languageId, true);
  } catch (error) {
    report.unavailable.set(languageId, error instanceof Error ? error.message : String(error));
    loads.set(languageId, false);
  }
  return loads.get(languageId)!;
}

function figuresOf(report: AccuracyReport, languageId: string): LanguageFigures {
  let figures = report.languages.get(languageId);
  if (!figures) {
    figures = { files: 0, withParseErrors: 0, timeouts: 0, otherDialect: 0, oracleFailures: 0, tally: emptyTally() };
    report.languages.set(languageId, figures);
  }
  return figures;
}

/** The first line of a span, at most 60 characters, for display. */
function excerpt(text: string, start: number, end: number): string {
  const firstLine = text.slice(start, end).split(/\r\n|\r|\n/, 1)[0];
  const more = firstLine.length < end - start;
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : more ? `${firstLine} …` : firstLine;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const number = new Intl.NumberFormat('en-US');

function share(part: number, whole: number): string {
  if (whole === 0) return `${number.format(part)}`;
  return `${number.format(part)} (${((100 * part) / whole).toFixed(2)}%)`;
}

/** The per-language table, as Markdown (it goes into the README as printed). */
export function formatTable(report: AccuracyReport): string {
  const rows = [
    '| Language | Files compared (with parse errors) | Not compared (other dialect / time-out / grammar failed) | Comment spans | Agree | Scanner only | Tree-sitter only | Extent differs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const total: LanguageFigures = {
    files: 0,
    withParseErrors: 0,
    timeouts: 0,
    otherDialect: 0,
    oracleFailures: 0,
    tally: emptyTally(),
  };
  const row = (name: string, f: LanguageFigures) => {
    const spans = spansIn(f.tally);
    rows.push(
      `| ${name} | ${number.format(f.files)} (${number.format(f.withParseErrors)}) | ${number.format(f.otherDialect)} / ${number.format(f.timeouts)} / ${number.format(f.oracleFailures)} | ${number.format(spans)} | ` +
        `${share(f.tally.agree, spans)} | ${share(f.tally.scannerOnly, spans)} | ${share(f.tally.treeSitterOnly, spans)} | ${share(f.tally.extent, spans)} |`,
    );
  };
  for (const [languageId, figures] of [...report.languages].sort(([a], [b]) => a.localeCompare(b))) {
    row(languageId, figures);
    total.files += figures.files;
    total.withParseErrors += figures.withParseErrors;
    total.timeouts += figures.timeouts;
    total.otherDialect += figures.otherDialect;
    total.oracleFailures += figures.oracleFailures;
    addTally(total.tally, figures.tally);
  }
  row('**all**', total);
  return rows.join('\n');
}

function describe(d: Located): string {
  const scanner = d.scannerText !== undefined ? `comment \`${d.scannerText}\`` : `no comment (${d.context})`;
  const treeSitter = d.treeSitterText !== undefined ? `comment \`${d.treeSitterText}\`` : `no comment (${d.context})`;
  return `${d.file}:${d.line}:${d.column} [${d.languageId}] ${d.kind}\n    scanner: ${scanner}\n    tree-sitter: ${treeSitter}`;
}

export function formatReport(report: AccuracyReport, classLimit = 40): string {
  const out = ['Scanner comment spans vs tree-sitter comment nodes', '', formatTable(report), ''];
  const { tooLarge, binary, unreadable } = report.skipped;
  out.push(`Skipped: ${tooLarge} over the size cap, ${binary} binary, ${unreadable} unreadable.`);
  for (const [languageId, reason] of report.unavailable)
    out.push(`No oracle for ${languageId}: its grammar did not load (${reason}).`);
  if (report.classes.length) {
    out.push('', `Disagreement classes (${report.classes.length}; count, class, first example):`);
    for (const c of report.classes.slice(0, classLimit))
      out.push(`  ${String(c.count).padStart(6)}  ${c.key}  ${c.example.file}:${c.example.line}:${c.example.column}`);
    if (report.classes.length > classLimit) out.push(`  … ${report.classes.length - classLimit} more classes`);
    out.push('', `First ${report.first.length} disagreements:`);
    for (const d of report.first) out.push(describe(d));
  }
  return out.join('\n');
}
