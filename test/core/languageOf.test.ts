/**
 * The language of a file name, as the walk asks it of every file: whole names first, the name's first part
 * (`Dockerfile.prod`), then the longest extension; an ambiguous one decided by the text when there is one.
 */
import * as assert from 'assert';
import { languageOf, languageOfFile } from '../../server/src/core/scanner';

describe('languageOf: names, prefixes and extensions', () => {
  const cases: [string, string | undefined][] = [
    ['Dockerfile', 'dockerfile'],
    ['deploy/Dockerfile.prod', 'dockerfile'],
    ['Containerfile.dev', 'dockerfile'],
    ['dockerfiles.txt', undefined],
    ['.env.local', 'dotenv'],
    ['.ENV.production', 'dotenv'],
    ['env.local', undefined],
    ['Makefile.am', 'makefile'],
    ['GNUmakefile', 'makefile'],
    ['config.cmake.in', 'cmake'],
    ['jquery.min.js', 'javascript'],
    ['a.b.c.ts', 'typescript'],
    ['SRC\\WIN\\MAIN.C', 'c'],
    ['pkg/CODEOWNERS', 'ignore'],
    ['a.', undefined],
    ['.', undefined],
    ['noext', undefined],
    ['view.m', 'objective-c'],
    // Names of Object.prototype's properties are no extension (a plain object lookup once found them).
    ['x.constructor', undefined],
    ['x.__proto__', undefined],
    ['x.constructor.py', 'python'],
  ];
  for (const [file, id] of cases) it(`${file} -> ${id}`, () => assert.strictEqual(languageOf(file), id));

  it('decides an ambiguous extension by the text, and never throws on a name that is none', () => {
    assert.strictEqual(languageOfFile('solve.m', 'function x = solve(a)\n% TODO\nend\n'), 'matlab');
    assert.strictEqual(languageOfFile('lib/a.b.m', '@interface A\n@end\n'), 'objective-c');
    assert.strictEqual(languageOfFile('x.constructor', '// TODO: x\n'), undefined);
    assert.strictEqual(languageOfFile('x.__proto__', '// TODO: x\n'), undefined);
  });
});
