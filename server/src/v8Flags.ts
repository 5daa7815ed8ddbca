/**
 * V8 settings for our processes (the CLI, the language server, the GitHub Action), set as they start:
 * each is a Node flag, set here so that every way of starting them (a shebang, an editor's command line,
 * VS Code's fork, GitHub's runner) gets it.
 */
import * as v8 from 'v8';

export function setV8Flags(options: { longRunning: boolean }): void {
  // A scan runs most of its code once per file over thousands of files: V8's default tiers a function up
  // to the optimising compiler after very little of it has run, and recompiles as the files vary. A larger
  // budget before tiering up: `check` on 19,183 files of 7 repositories 830 → 585 ms CPU, 0.85 → 0.59 s,
  // the same output; a tiny folder within noise (+4 ms).
  v8.setFlagsFromString('--interrupt-budget=1048576');
  if (options.longRunning) {
    // The scan allocates annotations and sites that all live, and V8 learns to allocate straight into the
    // old generation at those sites; afterwards the same sites make short-lived objects on every edit,
    // which then wait for a full collection there. Without that learning, RSS after 40 rounds of edits at
    // 100,000 annotations grew 1.04× over RSS after indexing instead of 1.06× (medians of 5 server runs).
    v8.setFlagsFromString('--no-allocation-site-pretenuring');
  }
}
