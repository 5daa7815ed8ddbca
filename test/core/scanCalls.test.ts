/**
 * The scan's file-system work, counted (never timed): every `fs` call during a scan is recorded with the
 * path (or descriptor) it is about. A source file costs three calls (open, read, close; a file over the size
 * cap one fstat more, to say how large it is), a folder one readdir, an ignored folder nothing; any growth
 * of these counts fails the test.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadWorkspace } from '../../server/src/core/workspace';
import { readBytesSync } from '../../server/src/core/workspace/files';
import { makeSettings } from '../../server/src/core/settings';
import { recordCalls } from './fsCalls';

describe('scan: file-system calls per file (counted)', () => {
  let root: string;
  const sourceFiles: string[] = [];
  const folders: string[] = [];

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-calls-'));
    const write = (relative: string, content: string | Buffer) => {
      const file = path.join(root, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    };
    write(
      'roadmap.yaml',
      'version: 2\nitems:\n  - id: RM-1\n    title: One\n    value: { metric: m, category: performance, baseline: 2, target: 1 }\n',
    );
    write('.gitignore', 'generated/\n');
    write('pkg3/.gitignore', '*.gen.ts\n');
    const languages = [
      ['ts', '//'],
      ['py', '#'],
      ['go', '//'],
      ['rb', '#'],
    ];
    for (let i = 0; i < 600; i++) {
      const [extension, comment] = languages[i % languages.length];
      const body = i % 3 === 0 ? `${comment} TODO(RM-1): tune ${i}\nx = ${i}\n` : `x = ${i}\n${comment} a note\n`;
      sourceFiles.push(write(`pkg${i % 6}/mod${i % 10}/file${i}.${extension}`, body));
    }
    // Ignored and excluded folders, and files nobody reads: no call may touch what they hold.
    for (let i = 0; i < 50; i++) write(`generated/g${i}.ts`, '// TODO: ignored\n');
    for (let i = 0; i < 50; i++) write(`node_modules/lib/n${i}.ts`, '// TODO: excluded\n');
    write('pkg3/skip.gen.ts', '// TODO: ignored by the nested .gitignore\n');
    write('docs/notes.txt', 'TODO: not a language the scanner knows\n');
    sourceFiles.push(write('docs/binary.ts', Buffer.from([0x2f, 0x2f, 0x20, 0x00, 0x01])));
    sourceFiles.push(write('docs/large.ts', `// TODO: too large\n${'x'.repeat(5000)}\n`));
    // Every folder that holds a source file (and those above it) is listed.
    const listed = new Set<string>();
    for (const file of sourceFiles)
      for (let dir = path.dirname(file); dir !== root; dir = path.dirname(dir)) listed.add(dir);
    folders.push(...listed);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('opens, reads and closes each source file once (no fstat), lists each folder once, touches nothing ignored', async () => {
    let annotated = 0;
    const calls = await recordCalls(root, async () => {
      const index = await loadWorkspace([root], makeSettings({ maxFileSizeBytes: 1000 }));
      for (const [, annotations] of index.files()) annotated += annotations.length;
    });
    assert.strictEqual(annotated, 200, 'every TODO was found');

    for (const file of sourceFiles) {
      const expected = file.endsWith('large.ts')
        ? ['openSync', 'readSync', 'fstatSync', 'closeSync']
        : ['openSync', 'readSync', 'closeSync'];
      assert.deepStrictEqual(calls.get(file), expected, path.relative(root, file));
    }
    for (const folder of [root, ...folders])
      assert.deepStrictEqual(calls.get(folder), ['readdirSync'], path.relative(root, folder) || '.');
    for (const untouched of ['generated', 'node_modules', 'pkg3/skip.gen.ts', 'docs/notes.txt']) {
      const touched = [...calls.keys()].filter((file) => file.startsWith(path.join(root, untouched)));
      assert.deepStrictEqual(touched, [], `${untouched} is never touched`);
    }
    // What else the scan did: the roadmap file read once; each .gitignore twice, for its rules and scanned
    // as a source file (a language of its own, whose comments may hold debt); one look for a .git (whose
    // config says whether ignore rules ignore case), per walk, not per file.
    const read = 'openSync readSync closeSync';
    const others = [...calls.entries()].filter(
      ([file]) => !sourceFiles.includes(file) && ![root, ...folders].includes(file),
    );
    assert.deepStrictEqual(others.map(([file, list]) => `${path.relative(root, file)}: ${list.join(' ')}`).sort(), [
      '.git: promises.lstat',
      `.gitignore: ${read} ${read}`,
      `pkg3/.gitignore: ${read} ${read}`,
      `roadmap.yaml: ${read}`,
    ]);
    const total = [...calls.values()].reduce((sum, list) => sum + list.length, 0);
    // Three calls a source file (one more for the file over the cap), three for each of the five reads of
    // roadmap and ignore files, one .git lookup, one readdir per folder.
    assert.strictEqual(total, 3 * sourceFiles.length + 1 + 3 * 5 + 1 + folders.length + 1, 'calls in all');
  });
});

describe('scan: reading one file without fstat first (readBytesSync)', () => {
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-links-read-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const scratch = () => ({ buffer: Buffer.allocUnsafe(16) });

  it('reads a file larger than the scratch buffer whole, and one of exactly its size', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n');
    fs.writeFileSync(path.join(root, 'long.ts'), text);
    fs.writeFileSync(path.join(root, 'exact.ts'), 'x'.repeat(16));
    const buffer = scratch();
    const long = readBytesSync(path.join(root, 'long.ts'), 1_000_000, buffer);
    assert.strictEqual(long.ok && long.bytes.toString('utf8'), text);
    const exact = readBytesSync(path.join(root, 'exact.ts'), 1_000_000, scratch());
    assert.strictEqual(exact.ok && exact.bytes.toString('utf8'), 'x'.repeat(16));
  });

  it('tells a file over the cap with its size, and one at the cap is read', () => {
    fs.writeFileSync(path.join(root, 'over.ts'), 'y'.repeat(101));
    fs.writeFileSync(path.join(root, 'at.ts'), 'y'.repeat(100));
    assert.deepStrictEqual(readBytesSync(path.join(root, 'over.ts'), 100, scratch()), {
      ok: false,
      reason: 'too-large',
      detail: '101 bytes > 100',
    });
    assert.strictEqual(readBytesSync(path.join(root, 'at.ts'), 100, scratch()).ok, true);
  });

  it('refuses a FIFO without waiting on it, a folder and a symbolic link, as not regular files', function () {
    if (process.platform === 'win32') this.skip();
    const fifo = path.join(root, 'pipe.ts');
    spawnSync('mkfifo', [fifo]);
    fs.mkdirSync(path.join(root, 'folder.ts'));
    fs.symlinkSync(path.join(root, 'at.ts'), path.join(root, 'link.ts'));
    const detail = (name: string) => {
      const outcome = readBytesSync(path.join(root, name), 100, scratch());
      return outcome.ok ? 'read' : outcome.detail;
    };
    assert.strictEqual(detail('pipe.ts'), 'not a regular file');
    assert.strictEqual(detail('folder.ts'), 'not a regular file');
    assert.strictEqual(detail('link.ts'), 'a symbolic link (not followed)');
  });
});
