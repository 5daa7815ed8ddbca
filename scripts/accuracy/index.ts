/**
 * `npm run accuracy -- DIR…`: differential test of the comment scanner against tree-sitter on real
 * checkouts. Prints agreement per language (a Markdown table), the disagreement classes and the first
 * disagreements with file:line:column and both verdicts. See compare.ts for how spans are compared.
 * Options: --show N (disagreements printed in full, default 20), --classes N (default 40),
 * --max-bytes N (default: the product's size cap), --timeout-ms N (per-file parse bound, default 5000).
 */
import { parseArgs } from 'util';
import { formatReport, runAccuracy } from './report';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        show: { type: 'string', default: '20' },
        classes: { type: 'string', default: '40' },
        'max-bytes': { type: 'string' },
        'timeout-ms': { type: 'string', default: '5000' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const numbers = {
    show: values.show,
    classes: values.classes,
    'max-bytes': values['max-bytes'],
    'timeout-ms': values['timeout-ms'],
  };
  for (const [name, value] of Object.entries(numbers)) {
    if (value !== undefined && !/^\d+$/.test(value)) {
      process.stderr.write(`--${name} takes a whole number, not "${value}"\n`);
      return 2;
    }
  }
  if (!positionals.length) {
    process.stderr.write('usage: npm run accuracy -- DIR… [--show N] [--classes N] [--max-bytes N] [--timeout-ms N]\n');
    return 2;
  }
  const report = await runAccuracy(positionals, {
    keep: Number(values.show),
    maxBytes: values['max-bytes'] === undefined ? undefined : Number(values['max-bytes']),
    timeoutMs: Number(values['timeout-ms']),
  });
  process.stdout.write(`${formatReport(report, Number(values.classes))}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
