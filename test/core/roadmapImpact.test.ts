/**
 * Re-judging after a roadmap edit: the index names the source files whose diagnostics may have changed,
 * and keeps its code sites up to date incrementally. Republishing only those files must leave every
 * file's diagnostics (and every item's sites) exactly as a fresh index of the same texts has them.
 */
import * as assert from 'assert';
import * as path from 'path';
import { WorkspaceIndex } from '../../server/src/core/workspace';
import type { Problem } from '../../server/src/core/types';

const ROOT = path.resolve('/ws');
const ROADMAP = path.join(ROOT, 'roadmap.yaml');
const TEAM = path.join(ROOT, 'team.roadmap.yaml');

const item = (id: string, extra = '') =>
  `  - id: ${id}\n    title: Item ${id}\n    status: in-progress\n    value: { metric: m, category: performance, baseline: 2, target: 1 }\n${extra}`;
const roadmap = (items: string, trackers = '') => `version: 2\n${trackers}items:\n${items}`;
const JIRA = 'trackers:\n  - prefix: KAFKA\n    name: Jira\n';

/** Versions of the main roadmap file, each a kind of edit a person makes while typing. */
const VERSIONS = [
  roadmap(item('RM-1') + item('RM-2') + item('RM-3')),
  roadmap(item('RM-1') + item('RM-2').replace('in-progress', 'done') + item('RM-3')), // a status
  roadmap(item('RM-1') + item('RM-2').replace('Item RM-2', 'Item RM-2 renamed') + item('RM-3')), // a title
  roadmap(item('RM-1') + item('RM-2', '    due: 2020-01-01\n') + item('RM-3')), // a due date in the past
  roadmap(item('RM-1') + item('RM-3')), // an item removed
  roadmap(item('RM-1') + item('RM-2') + item('RM-3') + item('RM-4')), // an item added
  roadmap(item('RM-1') + item('RM-2') + item('RM-3') + item('R')), // an ID being typed: a new prefix
  roadmap(item('RM-1') + item('RM-2') + item('RM-3') + item('OPS-1')), // another team's prefix
  roadmap(item('RM-1', '    tickets: [KAFKA-7]\n') + item('RM-2') + item('RM-3'), JIRA), // a tracker and a ticket
  roadmap(item('RM-1') + item('RM-2', '    tickets: [KAFKA-7]\n') + item('RM-3'), JIRA), // the ticket moved
  roadmap(item('RM-1') + item('RM-2') + item('RM-3'), JIRA), // the ticket no item's any more
  roadmap(item('RM-1') + item('RM-2') + item('RM-3'), JIRA.replace('Jira', 'Apache Jira')), // a tracker renamed
  roadmap(item('RM-1') + item('RM-2') + item('RM-3')).replace('items:', 'items: [\n'), // broken YAML
];

const TEAM_VERSIONS = [
  roadmap(item('TEAM-1')),
  roadmap(item('TEAM-1').replace('in-progress', 'dropped')),
  roadmap(item('TEAM-2')),
];

/** Code naming every kind of key: items, unknown IDs of a known prefix, tickets, foreign keys, no key at all. */
const SOURCES: Record<string, string> = {
  'a.ts': '// TODO(RM-1): one\n// TODO(RM-2): two\n',
  'b.ts': '// FIXME(RM-9): unknown, close to RM-1..3\n// TODO: unlinked\n',
  'c.py': '# TODO(KAFKA-7): a ticket\n',
  'h.py': '# TODO KAFKA-8: a ticket no item lists\n',
  'd.go': '// TODO(OPS-1): another prefix\n// TODO(R-5): a short prefix\n',
  'e.rb': '# TODO(TEAM-1): a team item\n# TODO(TEAM-2): a team item\n',
  'f.ts': '// TODO: UTF-8 is plain text\n// @roadmap RM-3\n',
  'g.ts': 'const x = 1; // no annotation at all\n',
};

function fresh(roadmapText: string, teamText: string): WorkspaceIndex {
  const index = new WorkspaceIndex([ROOT], undefined, { today: () => '2026-06-01' });
  index.updateFile(ROADMAP, roadmapText);
  index.updateFile(TEAM, teamText);
  for (const [name, text] of Object.entries(SOURCES)) index.updateFile(path.join(ROOT, name), text);
  return index;
}

const render = (problems: Problem[]) =>
  problems.map((p) => `${p.code} ${p.range.start.line}:${p.range.start.character} ${p.message}`);
const files = [ROADMAP, TEAM, ...Object.keys(SOURCES).map((name) => path.join(ROOT, name))];
const ids = ['RM-1', 'RM-2', 'RM-3', 'RM-4', 'RM-9', 'R', 'R-5', 'OPS-1', 'TEAM-1', 'TEAM-2'];

describe('roadmap edits: only the files they can re-judge are judged again', () => {
  it('leaves every diagnostic and code site as a fresh index has them, after every edit in every order', () => {
    const index = fresh(VERSIONS[0], TEAM_VERSIONS[0]);
    index.takeRoadmapImpact();
    const published = new Map(files.map((file) => [file, render(index.problemsOf(file))]));
    let rejudged = 0;
    let edits = 0;
    let current = [VERSIONS[0], TEAM_VERSIONS[0]];
    // Every ordered pair of versions of the main file, with the team file changing now and then.
    for (const [from, to] of VERSIONS.flatMap((_, i) => VERSIONS.map((__, j) => [i, j])).filter(([i, j]) => i !== j)) {
      for (const [k, text] of [VERSIONS[from], VERSIONS[to]].entries()) {
        const team = TEAM_VERSIONS[(from + to + k) % TEAM_VERSIONS.length];
        for (const [file, next] of [
          [ROADMAP, text],
          [TEAM, team],
        ] as const) {
          if (!index.updateFile(file, next)) continue;
          edits++;
          current = file === ROADMAP ? [next, current[1]] : [current[0], next];
          const impact = index.takeRoadmapImpact();
          assert.notStrictEqual(impact, 'all', 'an edit after the first judgement names the files it re-judges');
          // What the server publishes after a roadmap edit: the roadmap files, and the files named.
          for (const target of [ROADMAP, TEAM, ...(impact as Set<string>)])
            published.set(target, render(index.problemsOf(target)));
          rejudged += (impact as Set<string>).size;
          const reference = fresh(current[0], current[1]);
          for (const file of files)
            assert.deepStrictEqual(
              published.get(file),
              render(reference.problemsOf(file)),
              `${path.basename(file)} after edit ${edits}`,
            );
          for (const id of ids) {
            const sites = (i: WorkspaceIndex) =>
              i
                .sitesOf(id)
                .map((site) => `${path.basename(site.file)}:${site.mention.range.start.line}:${site.via ?? ''}`);
            assert.deepStrictEqual(sites(index), sites(reference), `sites of ${id} after edit ${edits}`);
          }
        }
      }
    }
    assert.ok(edits > 200, `${edits} edits`);
    // The point: most edits re-judge a few files, not all of them.
    assert.ok(rejudged < edits * (Object.keys(SOURCES).length - 1), `${rejudged} files re-judged over ${edits} edits`);
  });

  it('names no source file for an edit that changes nothing code is judged by', () => {
    const index = fresh(VERSIONS[0], TEAM_VERSIONS[0]);
    index.takeRoadmapImpact();
    assert.ok(index.updateFile(ROADMAP, VERSIONS[0].replace('baseline: 2', 'baseline: 3')));
    assert.deepStrictEqual([...(index.takeRoadmapImpact() as Set<string>)], []);
    // RM-2 done: a.ts links it (stale debt now), and b.ts's RM-9 is no longer told of it (finished items are
    // suggested only when no open one is near); e.rb's unknown TEAM-2 is near no RM- item.
    assert.ok(index.updateFile(ROADMAP, VERSIONS[1]));
    assert.deepStrictEqual([...(index.takeRoadmapImpact() as Set<string>)].map((file) => path.basename(file)).sort(), [
      'a.ts',
      'b.ts',
    ]);
  });

  it('judges every file again when the first roadmap file comes or the last one goes', () => {
    const index = new WorkspaceIndex([ROOT], undefined, { today: () => '2026-06-01' });
    for (const [name, text] of Object.entries(SOURCES)) index.updateFile(path.join(ROOT, name), text);
    index.takeRoadmapImpact();
    const unlinked = path.join(ROOT, 'b.ts');
    assert.deepStrictEqual(render(index.problemsOf(unlinked)), [], 'no roadmap: no code is judged');
    index.updateFile(ROADMAP, VERSIONS[0]);
    assert.strictEqual(index.takeRoadmapImpact(), 'all');
    assert.ok(render(index.problemsOf(unlinked)).some((line) => line.startsWith('unlinked-debt')));
    index.removeFile(ROADMAP);
    assert.strictEqual(index.takeRoadmapImpact(), 'all');
    assert.deepStrictEqual(render(index.problemsOf(unlinked)), []);
  });
});

describe('a roadmap keystroke at scale: the files re-judged are counted', () => {
  /** 300 files, each naming one of 30 items; 10 name RM-7, one through a ticket RM-7 lists. */
  function workspace(): { index: WorkspaceIndex; naming: string[]; text: string } {
    const items = Array.from({ length: 30 }, (_, i) =>
      item(`RM-${i + 1}`, i === 6 ? '    tickets: [KAFKA-7]\n' : '').replace('in-progress', 'planned'),
    ).join('');
    const text = roadmap(items, JIRA);
    const index = new WorkspaceIndex([ROOT], undefined, { today: () => '2026-06-01' });
    index.updateFile(ROADMAP, text);
    const naming: string[] = [];
    for (let i = 0; i < 300; i++) {
      const file = path.join(ROOT, 'src', `f${i}.ts`);
      const id = (i % 30) + 1;
      const comment =
        i === 6 ? '// TODO(KAFKA-7): through the ticket\n' : `// TODO(RM-${id}): tune\n// TODO: unlinked\n`;
      index.updateFile(file, comment);
      if (id === 7) naming.push(file);
    }
    index.takeRoadmapImpact();
    return { index, naming: naming.sort(), text };
  }

  it('a status typed re-judges exactly the files naming the item (its ticket included), and they match a fresh index', () => {
    const { index, naming, text } = workspace();
    const edited = text.replace(/(id: RM-7\n(?:.*\n)*? {4}status: )planned/, '$1done');
    assert.notStrictEqual(edited, text);
    assert.ok(index.updateFile(ROADMAP, edited));
    const impact = index.takeRoadmapImpact();
    assert.notStrictEqual(impact, 'all');
    assert.deepStrictEqual([...(impact as Set<string>)].sort(), naming);
    assert.strictEqual(naming.length, 10);
    const reference = new WorkspaceIndex([ROOT], undefined, { today: () => '2026-06-01' });
    reference.updateFile(ROADMAP, edited);
    for (const [file, annotations] of index.files()) {
      reference.setAnnotations(file, annotations);
      assert.deepStrictEqual(render(index.problemsOf(file)), render(reference.problemsOf(file)), file);
    }
    assert.ok(render(index.problemsOf(naming[0])).some((line) => line.startsWith('stale-debt')));
  });

  it('a title typed in an open item, or a value edited, re-judges no file', () => {
    const { index, text } = workspace();
    let current = text;
    for (const next of [
      text.replace('title: Item RM-7\n', 'title: Item RM-7 r\n'),
      text.replace('title: Item RM-7\n', 'title: Item RM-7 re\n'),
      text.replace('baseline: 2', 'baseline: 3'),
    ]) {
      assert.notStrictEqual(next, current);
      assert.ok(index.updateFile(ROADMAP, next));
      assert.deepStrictEqual([...(index.takeRoadmapImpact() as Set<string>)], []);
      current = next;
    }
  });
});
