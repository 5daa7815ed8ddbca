/**
 * The language of a file name, as the walk asks it of every file: whole names first, the name's first part
 * (`Dockerfile.prod`), then the longest extension; an ambiguous one decided by the text when there is one.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { languageOf, languageOfFile, mayBeScript } from '../../server/src/core/scanner';
import { loadWorkspace } from '../../server/src/core/workspace';

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

  it("reads a file with no extension by its first line: a shebang's program, zsh's #compdef; else nothing", () => {
    const cases: [string, string, string | undefined][] = [
      ['bin/deploy', '#!/usr/bin/env bash\n', 'shellscript'],
      ['bin/rails', '#!/usr/bin/env ruby\n', 'ruby'],
      ['tools/gen', '#!/usr/bin/python3.11 -u\n', 'python'],
      ['tools/run', '#!/usr/bin/env -S node --no-warnings\n', 'javascript'],
      ['x/perlish', '#! /usr/bin/perl -w\n', 'perl'],
      ['plugins/dnf/_dnf5', '#compdef dnf5\n', 'shellscript'],
      ['functions/n-options', '\ufeff#autoload\n', 'shellscript'],
      ['LICENSE', 'MIT License\nTODO: not code\n', undefined],
      ['bin/weird', '#!/opt/tool/frobnicate\n', undefined],
      ['Makefile', '#!/usr/bin/env bash\n', 'makefile'],
    ];
    for (const [file, text, expected] of cases) assert.strictEqual(languageOfFile(file, text), expected, file);
    assert.deepStrictEqual(['bin/deploy', 'LICENSE', 'Makefile', 'a.ts', 'dir/'].map(mayBeScript), [
      true,
      true,
      false,
      false,
      false,
    ]);
    // Without its text, a name with no extension has no language (the history's trend asks with the text).
    assert.strictEqual(languageOf('bin/deploy'), undefined);
  });

  it('indexes the debt of scripts with no extension, and none of a LICENSE', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-scripts-'));
    try {
      fs.mkdirSync(path.join(root, 'plugins'));
      fs.writeFileSync(path.join(root, 'roadmap.yaml'), 'version: 2\nitems: []\n');
      fs.writeFileSync(path.join(root, 'plugins/_dnf5'), '#compdef dnf5\n\n# XXX: remove once dnf5 ships\n');
      fs.writeFileSync(path.join(root, 'deploy'), '#!/bin/sh\necho "TODO: a string, not debt"\n# TODO: retry\n');
      fs.writeFileSync(path.join(root, 'LICENSE'), 'MIT\n# TODO: prose in a licence\n');
      const index = await loadWorkspace([root]);
      assert.deepStrictEqual(
        [...index.unlinkedDebt()].map((site) => [path.relative(root, site.file), site.annotation.text]).sort(),
        [
          ['deploy', 'retry'],
          ['plugins/_dnf5', 'remove once dnf5 ships'],
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
