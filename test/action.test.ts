/**
 * The GitHub Action end to end: the bundled action runs as GitHub runs it (a node process with
 * INPUT_* variables, a recorded event payload and GITHUB_API_URL), against a local HTTP server that
 * implements the issue-comment endpoints it calls, on real temporary git repositories.
 */
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import { build } from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { GIT_ENV, commitAll, git, write } from './gitEnv';

const REPO = path.resolve(__dirname, '..');
const MARKER = '<!-- roadmap-links:pull-request-comment -->';

const ROADMAP = `version: 1
objectives:
  - id: OBJ-1
    title: Fast checkout
items:
  - id: RM-1
    title: Cache prices
    status: in-progress
    objective: OBJ-1
    value: { metric: checkout p99, category: performance, unit: ms, baseline: 800, target: 300, current: 550 }
  - id: RM-2
    title: Retry payments
    status: planned
    objective: OBJ-1
    value: { metric: failed payments, category: revenue, unit: '%', baseline: 3, target: 1 }
`;

interface Comment {
  id: number;
  body: string;
  user: { login: string };
  html_url: string;
}

/** The few GitHub REST endpoints the action calls, over an in-memory list of comments. */
class FakeGitHub {
  readonly requests: string[] = [];
  readonly comments: Comment[] = [
    { id: 100, body: 'Looks good to me.', user: { login: 'alice' }, html_url: 'https://github.test/c/100' },
  ];
  private nextId = 101;
  private server = http.createServer((request, response) => this.handle(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      this.requests.push(`${request.method} ${url.pathname}`);
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      // A fork's pull request gets a read-only token; a server in trouble answers 500.
      if (request.headers.authorization === 'token fork-token')
        return reply(403, { message: 'Resource not accessible by integration' });
      if (request.headers.authorization === 'token down-token') return reply(500, { message: 'Server Error' });
      if (request.headers.authorization !== 'token test-token') return reply(401, { message: 'Bad credentials' });
      if (url.pathname === '/repos/acme/shop/issues/7/comments' && request.method === 'GET')
        return reply(200, this.comments);
      // As GitHub does: a body over 65,536 characters is refused, and the comment is not written.
      if (text && [...(JSON.parse(text) as { body: string }).body].length > 65_536)
        return reply(422, { message: 'Validation Failed: body is too long (maximum is 65536 characters)' });
      if (url.pathname === '/repos/acme/shop/issues/7/comments' && request.method === 'POST') {
        const comment = {
          id: this.nextId++,
          body: JSON.parse(text).body,
          user: { login: 'github-actions[bot]' },
          html_url: 'https://github.test/c/new',
        };
        this.comments.push(comment);
        return reply(201, comment);
      }
      const update = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const existing = update && this.comments.find((comment) => comment.id === Number(update[1]));
      if (existing && request.method === 'PATCH') {
        existing.body = JSON.parse(text).body;
        return reply(200, existing);
      }
      reply(404, { message: 'Not Found' });
    });
  }
}

interface Run {
  status: number | null;
  stdout: string;
  outputs: Record<string, string>;
}

interface ActionMetadata {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

/** action.yml as GitHub reads it: a YAML error there fails every workflow that uses the action. */
function actionMetadata(): ActionMetadata {
  const document = parseDocument(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8'));
  assert.deepEqual(
    document.errors.map((error) => error.message),
    [],
  );
  return document.toJS() as ActionMetadata;
}

describe('GitHub Action', () => {
  let scratch: string;
  let action: string;
  let github: FakeGitHub;
  let apiUrl: string;
  let repo: string;
  let mainSha: string;

  before(async function () {
    this.timeout(60_000);
    scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-action-')));
    action = path.join(scratch, 'action.js');
    // Built from the current sources, as build.mjs builds dist/action.js.
    await build({
      entryPoints: [path.join(REPO, 'action/main.ts')],
      outfile: action,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'silent',
    });
    github = new FakeGitHub();
    apiUrl = await github.start();

    repo = path.join(scratch, 'shop');
    fs.mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, 'roadmap.yaml', ROADMAP);
    write(repo, 'src/old.ts', 'export function old() {\n  // TODO: old unlinked debt\n  return 1;\n}\n');
    mainSha = commitAll(repo, 'main with old debt');
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, 'src/pay.ts', 'export function pay() {\n  // TODO: retry on timeout\n  return 1;\n}\n');
    write(repo, 'services/retry.ts', '// @roadmap RM-2\nexport const retries = 3;\n');
    commitAll(repo, 'Retry payments');
  });

  after(async () => {
    await github?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** Runs the action in `cwd` as a pull_request workflow step would. */
  async function runAction(cwd: string, inputs: Record<string, string>): Promise<Run> {
    const eventPath = path.join(scratch, 'event.json');
    const outputPath = path.join(scratch, `output-${Date.now()}-${Math.random()}.txt`);
    fs.writeFileSync(
      eventPath,
      JSON.stringify({
        action: 'synchronize',
        number: 7,
        pull_request: {
          number: 7,
          base: { ref: 'main', sha: mainSha },
          head: { ref: 'feature', sha: git(cwd, 'rev-parse', 'HEAD').trim() },
        },
        repository: { name: 'shop', owner: { login: 'acme' } },
      }),
    );
    fs.writeFileSync(outputPath, '');
    // Nothing of a real runner's environment may leak in (tests might themselves run in GitHub Actions).
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(GIT_ENV).filter(([key]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(key)),
    );
    Object.assign(env, {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: apiUrl,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_WORKSPACE: cwd,
      GITHUB_OUTPUT: outputPath,
    });
    // GitHub sets every declared input, to its default when the workflow gives none.
    const declared = actionMetadata().inputs;
    for (const name of Object.keys(inputs)) assert.ok(name in declared, `input ${name} is not declared in action.yml`);
    for (const [name, input] of Object.entries(declared)) {
      const fallback = name === 'github-token' ? 'test-token' : (input.default ?? '');
      env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? fallback;
    }
    const child = spawn(process.execPath, [action], { cwd, env });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stdout += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const outputs: Record<string, string> = {};
    for (const match of fs.readFileSync(outputPath, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
      outputs[match[1]] = match[3];
    return { status, stdout, outputs };
  }

  function ours(): Comment[] {
    return github.comments.filter((comment) => comment.body.startsWith(MARKER));
  }

  it('action.yml parses, and declares exactly the inputs and outputs the action uses', () => {
    const metadata = actionMetadata();
    const source = fs.readFileSync(path.join(REPO, 'action/main.ts'), 'utf8');
    const read = new Set([...source.matchAll(/getInput\('([\w-]+)'/g)].map((match) => match[1]));
    const written = new Set([...source.matchAll(/setOutput\('([\w-]+)'/g)].map((match) => match[1]));
    assert.deepEqual([...read].sort(), Object.keys(metadata.inputs).sort());
    assert.deepEqual([...written].sort(), Object.keys(metadata.outputs).sort());
    assert.equal(metadata.runs.using, 'node24');
    assert.equal(metadata.runs.main, 'dist/action.js');
  });

  it('creates one comment on the first run, writes SARIF and fails on new unlinked debt', async function () {
    this.timeout(60_000);
    const run = await runAction(repo, { 'sarif-file': 'out/roadmap.sarif' });
    assert.equal(run.status, 1, run.stdout);
    assert.deepEqual(github.requests, [
      'GET /repos/acme/shop/issues/7/comments',
      'POST /repos/acme/shop/issues/7/comments',
    ]);
    assert.equal(ours().length, 1);
    const body = ours()[0].body;
    assert.match(
      body,
      /^<!-- roadmap-links:pull-request-comment -->\n## Roadmap items served\n\nCompared: HEAD \([0-9a-f]{7}\) against main \(merge-base [0-9a-f]{7}\)\.\n/,
    );
    assert.ok(
      body.includes('| **RM-2** | Retry payments | failed payments (revenue): 3 % → 1 % | 1 | 1 | annotation |'),
      body,
    );
    assert.ok(
      body.includes(
        'Unlinked (1): propose each to the roadmap or link an existing item.\n\n- `src/pay.ts:2` TODO: retry on timeout',
      ),
      body,
    );
    assert.ok(body.includes('### Roadmap check\n\nAgainst main (merge-base '), body);
    assert.ok(body.includes('- `src/pay.ts:2` information: Unlinked debt: "TODO: retry on timeout"'), body);
    assert.ok(!body.includes('old unlinked debt'), "old debt is not the pull request's");
    // An inline annotation on the new debt, and the step fails saying why.
    assert.match(
      run.stdout,
      /::notice title=roadmap-links%3A unlinked-debt,file=src\/pay\.ts,line=2,col=6::Unlinked debt/,
    );
    assert.match(run.stdout, /::error::Roadmap check failed: Against main \(merge-base [0-9a-f]{7}\): 1 new problem/);
    assert.deepEqual(
      [run.outputs.passed, run.outputs['new-problems'], run.outputs['new-unlinked-debt'], run.outputs['comment-id']],
      ['false', '1', '1', '101'],
    );

    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'out/roadmap.sarif'), 'utf8'));
    const results = sarif.runs[0].results as {
      ruleId: string;
      baselineState: string;
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    assert.deepEqual(
      results.map((result) => [
        result.ruleId,
        result.baselineState,
        result.locations[0].physicalLocation.artifactLocation.uri,
      ]),
      [
        ['unlinked-debt', 'new', 'src/pay.ts'],
        ['unlinked-debt', 'unchanged', 'src/old.ts'],
      ].sort((a, b) => (a[2] < b[2] ? -1 : 1)),
    );
    for (const result of results) assert.match(result.partialFingerprints['roadmapLinks/v1'], /^[0-9a-f]{32}:1$/);
  });

  it('updates the same comment on the next run', async function () {
    this.timeout(60_000);
    write(repo, 'src/pay.ts', 'export function pay() {\n  // TODO(RM-2): retry on timeout\n  return 1;\n}\n');
    commitAll(repo, 'Link the retry debt');
    github.requests.length = 0;
    const run = await runAction(repo, { comment: 'on' });
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(github.requests, [
      'GET /repos/acme/shop/issues/7/comments',
      'PATCH /repos/acme/shop/issues/comments/101',
    ]);
    assert.deepEqual(
      github.comments.map((comment) => comment.id),
      [100, 101],
    );
    const body = ours()[0].body;
    assert.ok(body.includes('Linked (1):\n\n- `src/pay.ts:2` TODO(RM-2): retry on timeout'), body);
    assert.ok(!body.includes('Unlinked ('), body);
    assert.match(
      body,
      /### Roadmap check\n\nAgainst main \(merge-base [0-9a-f]{7}\): no new problems; 0 new unlinked debt \(at most 0\); 1 older problem not judged\.\n$/,
    );
    assert.equal(github.comments[0].body, 'Looks good to me.');
    assert.equal(run.outputs['comment-id'], '101');
  });

  it('fetches the base into a shallow checkout', async function () {
    this.timeout(60_000);
    const shallow = path.join(scratch, 'shallow');
    git(scratch, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, shallow);
    assert.equal(git(shallow, 'rev-parse', '--is-shallow-repository').trim(), 'true');
    github.requests.length = 0;
    const run = await runAction(shallow, { comment: 'off', 'max-new-unlinked': '0' });
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /Fetching the base [0-9a-f]{40} from origin/);
    assert.match(run.stdout, /Against main \(merge-base [0-9a-f]{7}\): no new problems/);
    assert.deepEqual(github.requests, [], 'comment: off writes no comment');

    // Where the base cannot be fetched, the step says which fetch-depth to set.
    const cut = path.join(scratch, 'cut');
    git(scratch, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, cut);
    git(cut, 'remote', 'set-url', 'origin', path.join(scratch, 'no-such-remote'));
    const failed = await runAction(cut, { comment: 'off' });
    assert.equal(failed.status, 1);
    assert.match(
      failed.stdout,
      /::error::roadmap-links: could not fetch the base [0-9a-f]{40} \(fatal: [^)]*\)\. Check out the full history instead: actions\/checkout with "fetch-depth: 0"\./,
    );
  });

  it("keeps the comment under GitHub's 65,536 characters on a change of hundreds of files, saying what is cut", async function () {
    this.timeout(60_000);
    git(repo, 'checkout', '-q', 'main');
    // 800 lock files on main, a line in three changed on the branch: over 100 KB of Markdown tied to no item.
    const lockFile = (version: string) =>
      Array.from({ length: 40 }, (_, k) => `module-${k} v1.${k % 3 === 0 ? version : '0'}.0 h1:abc=`).join('\n');
    for (let k = 0; k < 800; k++) write(repo, `deps/module-${k}/go.sum`, lockFile('0'));
    commitAll(repo, 'Lock files');
    git(repo, 'checkout', '-q', '-b', 'bump');
    for (let k = 0; k < 800; k++) write(repo, `deps/module-${k}/go.sum`, lockFile('1'));
    write(repo, 'src/bump.ts', '// TODO: drop the pin once upstream ships\nexport const pinned = true;\n');
    commitAll(repo, 'Bump every module');
    github.requests.length = 0;
    const run = await runAction(repo, { base: 'main', 'max-new-unlinked': '5' });
    assert.equal(run.status, 0, run.stdout);
    // One comment written (created, or ours updated when the tests before made it).
    assert.match(github.requests[github.requests.length - 1], /^(POST|PATCH) /);
    assert.doesNotMatch(run.stdout, /Could not write the pull-request comment/);
    const body = ours()[0].body;
    assert.ok([...body].length <= 65_536, `${body.length} characters`);
    // What matters is kept: the new debt, the verdict and the new problem; the list of files tied to no item is cut.
    assert.ok(body.includes('- `src/bump.ts:1` TODO: drop the pin once upstream ships'), body.slice(0, 2000));
    assert.match(
      body,
      /\n_… \d+ more lines cut: a GitHub comment holds at most 65,536 characters; `roadmap-links changes --base main` prints them all\._\n\n### Roadmap check\n\nAgainst main/,
    );
    assert.match(body, /\n- `src\/bump\.ts:1` information: Unlinked debt: "TODO: drop the pin once upstream ships"/);
  });

  it('skips the comment when it cannot be written, naming permissions only when access was refused', async function () {
    this.timeout(60_000);
    const fork = await runAction(repo, { 'github-token': 'fork-token', 'max-new-unlinked': '5' });
    assert.equal(fork.status, 0, fork.stdout);
    assert.match(
      fork.stdout,
      /::warning::Could not write the pull-request comment: Resource not accessible by integration[^\n]*\. It needs "permissions: pull-requests: write"\./,
    );
    const down = await runAction(repo, { 'github-token': 'down-token', 'max-new-unlinked': '5' });
    assert.equal(down.status, 0, down.stdout);
    assert.match(down.stdout, /::warning::Could not write the pull-request comment: Server Error/);
    assert.doesNotMatch(down.stdout, /permissions: pull-requests/);
  });

  it('fails clearly on bad inputs', async function () {
    this.timeout(60_000);
    const run = await runAction(repo, { 'max-new-unlinked': 'many' });
    assert.equal(run.status, 1);
    assert.match(
      run.stdout,
      /::error::roadmap-links: input "max-new-unlinked" must be a whole number ≥ 0 \(got "many"\)/,
    );
  });
});
