/**
 * Modules a plain `check` never runs, loaded on first use: a bundle initialises a module that is
 * `require`d in a function only when that function runs, so `check` does not load git's runner
 * (`child_process`), the history and the baseline code (`crypto`) at every start: about 8 ms of the 40 the
 * bundle took to load. `require`, not `import()`: the tests run the sources as CommonJS (tsx/cjs), where a
 * dynamic `import()` of a `.ts` file is not resolved. Types come from `typeof import`, so nothing is lost.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

export const changesCode = () => require('../core/changes') as typeof import('../core/changes');
export const branchCheckCode = () =>
  require('../core/changes/branchCheck') as typeof import('../core/changes/branchCheck');
export const baselineCode = () => require('../core/baseline') as typeof import('../core/baseline');
export const historyCode = () => require('../core/history') as typeof import('../core/history');
export const changesOutputCode = () => require('./changes') as typeof import('./changes');
export const reportCode = () => require('./report') as typeof import('./report');
export const reportHtmlCode = () => require('./reportHtml') as typeof import('./reportHtml');
