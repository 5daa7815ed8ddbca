/** The JSON Schema of the roadmap format: generated from the zod schemas, and it agrees with the parser. */
import * as assert from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { roadmapJsonSchema, SCHEMA_FILE, schemaText } from '../scripts/roadmap-schema';

const ROOT = path.resolve(__dirname, '..');

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(roadmapJsonSchema());
}

function errorsOf(yamlText: string): string[] {
  const validate = validator();
  validate(parse(yamlText));
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('roadmap JSON Schema', () => {
  it('the committed schemas/roadmap.schema.json is what `npm run schema` generates', () => {
    assert.strictEqual(
      fs.readFileSync(SCHEMA_FILE, 'utf8'),
      schemaText(),
      'run `npm run schema` and commit the result',
    );
  });

  it('accepts the demo roadmaps and the format contract example', () => {
    for (const file of [
      'examples/demo/roadmap.yaml',
      'examples/demo/.roadmap/web.yaml',
      'test/fixtures/roadmap/contract.roadmap.yaml',
    ]) {
      assert.deepStrictEqual(errorsOf(fs.readFileSync(path.join(ROOT, file), 'utf8')), [], file);
    }
  });

  it('accepts what the parser is lenient about: scalars as text, quoted numbers, a single entry for a list, unknown keys', () => {
    const text = [
      'items:',
      '  - id: RM-1',
      '    title: 2024',
      '    paths: src/**',
      '    x-team-field: kept',
      '    value:',
      '      metric: p99',
      '      target: "300"',
      '      baseline: 900',
    ].join('\n');
    assert.deepStrictEqual(errorsOf(text), []);
  });

  it('rejects what the parser reports, at the same path', () => {
    const text = [
      'items:',
      '  - id: RM-1',
      '    title: A',
      '    kind: epic',
      '    value:',
      '      metric: p99',
      '      category: speed',
      '      target: 300 ms',
      '  - title: no id',
    ].join('\n');
    // The leaf errors name the parser's problems: unknown kind, unknown category, a target that is text
    // with a unit, an item without id. (Each `anyOf` adds its summary line.)
    const leaves = errorsOf(text).filter((line) => !/must (be array|match a schema in anyOf|be number)$/.test(line));
    assert.deepStrictEqual(leaves, [
      '/items/0/kind must be equal to one of the allowed values',
      '/items/0/value/category must be equal to one of the allowed values',
      `/items/0/value/target must match pattern "${String.raw`^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$`}"`,
      "/items/1 must have required property 'id'",
    ]);
  });
});
