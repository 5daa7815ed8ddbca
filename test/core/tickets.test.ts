/** v2 in code: tickets of trackers, the explicit-link position, dates; judged against a roadmap with trackers. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { titleFromDebtText } from '../../server/src/core/propose';
import { scanText } from '../../server/src/core/scanner';
import { makeSettings } from '../../server/src/core/settings';
import type { Annotation, Problem } from '../../server/src/core/types';
import { WorkspaceIndex, ticketUrl } from '../../server/src/core/workspace';
import { msUntilNextDay } from '../../server/src/core/workspace/codeProblems';
import { referencesOf } from '../../server/src/core/workspace/locate';

const OPTIONS = makeSettings({ tags: ['TODO', 'FIXME', 'HACK'] });
const ROOT = path.join(path.sep, 'ws');
const ROADMAP_FILE = path.join(ROOT, 'roadmap.yaml');
const CODE = path.join(ROOT, 'src', 'a.ts');

const ROADMAP = [
  'version: 2',
  'trackers:',
  '  - prefix: KAFKA',
  '    name: Apache Jira',
  '    url: https://issues.apache.org/jira/browse/{key}',
  '  - prefix: GH',
  '    url: https://github.com/apache/arrow/issues/{number}',
  '  - prefix: "#"',
  '    url: https://github.com/acme/shop/issues/{number}',
  'items:',
  '  - id: RM-1',
  '    title: Fetcher',
  '    status: in-progress',
  '    due: 2027-03-31',
  '    value: {metric: m}',
  '    tickets: [KAFKA-12887, "#77"]',
  '  - id: RM-2',
  '    title: Old',
  '    status: done',
  '    value: {metric: m}',
  '    tickets: [GH-48593]',
  '',
].join('\n');

function scan(source: string): Annotation[] {
  return scanText(source, 'a.ts', OPTIONS);
}

/** Each annotation as `text | ids (! = explicit) | date`. */
function shapes(source: string): string[] {
  return scan(source).map(
    (a) => `${a.text} | ${a.ids.map((m) => `${m.id}${m.explicit ? '!' : ''}`).join(' ')} | ${a.date?.value ?? ''}`,
  );
}

function indexWith(code: string, today = '2027-06-01', roadmap: string | null = ROADMAP): WorkspaceIndex {
  const index = new WorkspaceIndex([ROOT], makeSettings(), { today: () => today });
  if (roadmap !== null) index.updateFile(ROADMAP_FILE, roadmap);
  index.updateFile(CODE, code);
  return index;
}

function brief(problems: Problem[]): string[] {
  return problems.map(
    (p) =>
      `${p.code} ${p.severity} ${p.range.start.line}:${p.range.start.character}-${p.range.end.character} ${p.message}`,
  );
}

describe('tickets: the explicit-link position in the scanner', () => {
  it('reads TODO(ID, TODO[ID, TODO: ID, TODO ID:, TODO (ID) and the ID written first; other words stay loose', () => {
    assert.deepEqual(
      shapes(
        [
          '// TODO(KAFKA-12410): a',
          '// FIXME[GH-1] b',
          '// TODO: RM-3 c',
          '// TODO KIP-441: d',
          '// TODO (ARROW-12207): e',
          '// GH-49702: TODO disabled until f',
          '// TODO UTF-8 decoding',
          '// TODO ARROW-12207 g',
        ].join('\n'),
      ),
      [
        'a | KAFKA-12410! | ',
        'b | GH-1! | ',
        'RM-3 c | RM-3! | ',
        'd | KIP-441! | ',
        'e | ARROW-12207! | ',
        'disabled until f | GH-49702! | ',
        'UTF-8 decoding | UTF-8 | ',
        'ARROW-12207 g | ARROW-12207 | ',
      ],
    );
  });

  it('the ID written first starts the annotation; a word before the tag that is not "ID:" makes no annotation', () => {
    const [annotation] = scan('// GH-49702: TODO disabled');
    assert.deepEqual([annotation.range.start.character, annotation.tagRange.start.character], [3, 13]);
    assert.deepEqual(scan('// see GH-49702 TODO later\n// UTF-8 TODO x'), []);
  });

  it('reads dates and #123 tickets in the group only; a spaced group must start with an ID, ticket or date', () => {
    assert.deepEqual(
      shapes(
        [
          '// TODO(RM-12, 2027-01-31): h',
          '// TODO(2027-01-31): i',
          '// TODO(#77): j',
          '// TODO: see #78',
          '// TODO (maybe) later',
          'x(); // TODO(alice, #5) z',
        ].join('\n'),
      ),
      [
        'h | RM-12! | 2027-01-31',
        'i |  | 2027-01-31',
        'j | #77! | ',
        'see #78 |  | ',
        '(maybe) later |  | ',
        'z | #5! | ',
      ],
    );
    const [dated] = scan('// TODO(RM-12, 2027-01-31): h');
    assert.deepEqual(dated.date?.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 25 } });
  });

  it('joins the continuation lines of the same comment block, up to a blank line, another annotation or code', () => {
    const annotations = scan(
      [
        '// TODO(KAFKA-12887): we should not',
        '// retry when the broker is down.',
        '//',
        '// unrelated',
        '/* FIXME: one',
        ' * two',
        ' * TODO: three',
        ' */',
        'x(); // HACK: trailing',
        'y(); // not a continuation',
        '    // TODO: indented',
        '// other column',
      ].join('\n'),
    );
    assert.deepEqual(
      annotations.map((a) => [a.text, a.continuation]),
      [
        ['we should not', 'retry when the broker is down.'],
        ['one', 'two'],
        ['three', undefined],
        ['trailing', undefined],
        ['indented', undefined],
      ],
    );
  });

  it('gives a tag with no text of its own, a Markdown heading over a list, the list below it, one item a clause', () => {
    const markdown = [
      '# Notes',
      '',
      '<!--',
      '## TODO',
      '',
      '- migrate the sessions',
      '- drop the old table',
      '-->',
      '',
    ];
    const [heading] = scanText(markdown.join('\n'), 'NOTES.md', OPTIONS);
    assert.deepEqual(
      [heading.text, heading.continuation, heading.extentEnd],
      ['', 'migrate the sessions; drop the old table', { line: 7, character: 3 }],
    );
    // Before, the blank line ended its text: Propose titled it "Untitled debt".
    assert.equal(titleFromDebtText(heading.text, heading.continuation), 'migrate the sessions');
    const lists = scan(
      [
        '// TODO',
        '//',
        '// 1. migrate x',
        '// 2) drop y',
        'x();',
        '/* FIXME: a list', // a list after text of its own: its items are clauses too
        ' * - one',
        ' * - two',
        ' */',
        '/* HACK: no list', // a doc comment's ` * ` is no list marker
        ' * but prose */',
      ].join('\n'),
    );
    assert.deepEqual(
      lists.map((a) => [a.text, a.continuation]),
      [
        ['', 'migrate x; drop y'],
        ['a list', 'one; two'],
        ['no list', 'but prose'],
      ],
    );
  });

  it("extends the annotation over its continuation lines and a block comment's closer line, and no further", () => {
    const annotations = scan(
      [
        '/* TODO: one', // 0
        ' * two', // 1
        ' */', // 2
        '// FIXME: three', // 3
        '// four', // 4
        'x(); // five', // 5
        '/** HACK: six', // 6
        '*/', // 7
        '// TODO: alone', // 8
        '/* FIXME: seven', // 9
        '   eight */ y();', // 10
      ].join('\n'),
    );
    assert.deepEqual(
      annotations.map((a) => [a.tag, a.extentEnd]),
      [
        ['TODO', { line: 2, character: 3 }],
        ['FIXME', { line: 4, character: 7 }],
        ['HACK', { line: 7, character: 2 }],
        ['TODO', undefined],
        ['FIXME', { line: 10, character: 11 }],
      ],
    );
  });
});

describe('tickets: judging code against a roadmap with trackers', () => {
  it('a ticket an item lists links the annotation to it; an unlisted one is information, never unlinked debt', () => {
    const index = indexWith(
      [
        '// TODO(KAFKA-12887): linked through the ticket',
        '// TODO(KAFKA-1): tracked elsewhere',
        '// HACK: see GH-7 upstream',
      ].join('\n'),
    );
    assert.deepEqual(brief(index.problemsOf(CODE)), [
      'overdue-debt warning 0:8-19 Overdue debt: RM-1 "Fetcher" (through KAFKA-12887) was due 2027-03-31 and is in-progress.',
      'ticket-not-on-roadmap information 1:8-15 KAFKA-1 is tracked outside the roadmap (Apache Jira): no roadmap item lists it in "tickets". Add it to an item, or propose a new item for it.',
      'ticket-not-on-roadmap information 2:13-17 GH-7 is tracked outside the roadmap: no roadmap item lists it in "tickets". Add it to an item, or propose a new item for it.',
    ]);
    const [first, second] = index.annotationsOf(CODE);
    assert.deepEqual([index.isUnlinkedDebt(first), index.isUnlinkedDebt(second)], [false, false]);
    assert.deepEqual(
      index.sitesOf('RM-1').map((site) => [site.mention.id, site.via]),
      [['KAFKA-12887', 'ticket']],
    );
    assert.equal(index.ticketsOf(first)[0].item?.id, 'RM-1');
  });

  it('unknown items only for the roadmap prefix; UTF-8, SHA-256, ISO-8859-1 and KIP-441 (no tracker) are plain text', () => {
    const index = indexWith(
      [
        '// TODO: UTF-8 decoding, SHA-256 and ISO-8859-1',
        '// TODO KIP-441: rebalance',
        '// TODO(RM-9): typo',
        '// TODO(#12): hash',
      ].join('\n'),
    );
    assert.deepEqual(brief(index.problemsOf(CODE)), [
      'unlinked-debt information 0:3-47 Unlinked debt: "TODO: UTF-8 decoding, SHA-256 and ISO-8859-1" is not on the roadmap. Propose it to the roadmap or link an existing item.',
      'unlinked-debt information 1:3-26 Unlinked debt: "TODO: rebalance" is not on the roadmap. Propose it to the roadmap or link an existing item.',
      // RM-2 is one edit away too, but done.
      'unknown-item error 2:8-12 Unknown roadmap item "RM-9". Did you mean RM-1?',
      'ticket-not-on-roadmap information 3:8-11 #12 is tracked outside the roadmap: no roadmap item lists it in "tickets". Add it to an item, or propose a new item for it.',
    ]);
  });

  it('a mistyped link (`TODO(RN-1)`, a prefix one edit from RM): unlinked debt that says which item it likely meant', () => {
    const index = indexWith(
      [
        '// TODO(RN-1): Avoid allocation.',
        '// TODO(RMM-2) drop it',
        '// TODO(KIP-441): rebalance',
        '// TODO(perf): Avoid allocation.',
        '// HACK: see RN-1 later',
        '// TODO(rm-1): lower case',
        '// FIXME[RM2] no dash',
        '// TODO(alice): ask',
      ].join('\n'),
    );
    assert.deepEqual(brief(index.problemsOf(CODE)), [
      'unlinked-debt information 0:3-32 Unlinked debt: "TODO: Avoid allocation." is not on the roadmap. "RN-1" is not a roadmap item; did you mean RM-1?',
      'unlinked-debt information 1:3-22 Unlinked debt: "TODO: drop it" is not on the roadmap. "RMM-2" is not a roadmap item; did you mean RM-2?',
      'unlinked-debt information 2:3-27 Unlinked debt: "TODO: rebalance" is not on the roadmap. Propose it to the roadmap or link an existing item.',
      'unlinked-debt information 3:3-32 Unlinked debt: "TODO: Avoid allocation." is not on the roadmap. Propose it to the roadmap or link an existing item.',
      // Only the explicit position is a link: "see RN-1" in prose is text.
      'unlinked-debt information 4:3-23 Unlinked debt: "HACK: see RN-1 later" is not on the roadmap. Propose it to the roadmap or link an existing item.',
      'unlinked-debt information 5:3-25 Unlinked debt: "TODO: lower case" is not on the roadmap. "rm-1" is not a roadmap item; did you mean RM-1?',
      'unlinked-debt information 6:3-21 Unlinked debt: "FIXME: no dash" is not on the roadmap. "RM2" is not a roadmap item; did you mean RM-2?',
      'unlinked-debt information 7:3-19 Unlinked debt: "TODO: ask" is not on the roadmap. Propose it to the roadmap or link an existing item.',
    ]);
    // The suggestion replaces the typed key only, for the "Change to RM-1" fix.
    assert.deepEqual(index.problemsOf(CODE)[0].data, {
      id: 'RN-1',
      suggestions: ['RM-1'],
      replaceRange: { start: { line: 0, character: 8 }, end: { line: 0, character: 12 } },
    });
  });

  it('unlinked debt whose text goes on over the next comment lines: its first line, then an ellipsis', () => {
    const index = indexWith(
      ['/* TODO: collect garbage here if the ratio between', ' * deleted and live entries is high. */'].join('\n'),
    );
    assert.deepEqual(brief(index.problemsOf(CODE)), [
      'unlinked-debt information 0:3-50 Unlinked debt: "TODO: collect garbage here if the ratio between …" is not on the roadmap. Propose it to the roadmap or link an existing item.',
    ]);
  });

  it('the date debt is judged against changes at UTC midnight, when the server judges every file again', () => {
    assert.equal(msUntilNextDay(Date.parse('2027-01-31T23:59:59.000Z')), 1000);
    assert.equal(msUntilNextDay(Date.parse('2027-02-01T00:00:00.000Z')), 86_400_000);
    assert.equal(msUntilNextDay(Date.parse('2027-02-01T12:00:00.000Z')), 43_200_000);
  });

  it('expired debt (past its own date) and overdue debt (item past due), stale through a ticket of a done item', () => {
    const code = [
      '// TODO(RM-1, 2027-01-31): expired and overdue',
      '// TODO(2099-01-01): not yet',
      '// TODO(#77): overdue via the ticket',
      '// FIXME(GH-48593): done item',
    ].join('\n');
    assert.deepEqual(brief(indexWith(code).problemsOf(CODE)), [
      'expired-debt warning 0:14-24 Expired debt: this TODO was to be resolved by 2027-01-31.',
      'overdue-debt warning 0:8-12 Overdue debt: RM-1 "Fetcher" was due 2027-03-31 and is in-progress.',
      'unlinked-debt information 1:3-28 Unlinked debt: "TODO: not yet" is not on the roadmap. Propose it to the roadmap or link an existing item.',
      'overdue-debt warning 2:8-11 Overdue debt: RM-1 "Fetcher" (through #77) was due 2027-03-31 and is in-progress.',
      'stale-debt warning 3:9-17 Stale debt: RM-2 "Old" (through GH-48593) is done; resolve this FIXME or link it to an open item.',
    ]);
    // Before both dates: nothing is late.
    assert.deepEqual(
      indexWith(code, '2027-01-01')
        .problemsOf(CODE)
        .map((p) => p.code),
      ['unlinked-debt', 'stale-debt'],
    );
  });

  it('judges no code in a workspace without a roadmap file', () => {
    const index = indexWith('// TODO(RM-1): a\n// TODO: b\n', '2027-06-01', null);
    assert.deepEqual([index.hasRoadmap, index.problems(), index.problemsOf(CODE)], [false, [], []]);
    assert.equal(index.isUnlinkedDebt(index.annotationsOf(CODE)[1]), false);
  });

  it('renaming an item leaves the tickets that link to it alone', () => {
    const index = indexWith('// TODO(RM-1): direct\n// TODO(KAFKA-12887): through the ticket\n');
    const references = referencesOf(index, 'RM-1', 'item', false).map(
      (l) => `${path.basename(l.file)}:${l.range.start.line}:${l.range.start.character}`,
    );
    assert.deepEqual(references, ['a.ts:0:8']);
  });

  it('fills a tracker URL template with the key or its number', () => {
    const index = indexWith('');
    const { trackers } = index.roadmap;
    assert.equal(ticketUrl(trackers.get('KAFKA')!, 'KAFKA-12887'), 'https://issues.apache.org/jira/browse/KAFKA-12887');
    assert.equal(ticketUrl(trackers.get('GH')!, 'GH-48593'), 'https://github.com/apache/arrow/issues/48593');
    assert.equal(ticketUrl(trackers.get('#')!, '#77'), 'https://github.com/acme/shop/issues/77');
  });
});
