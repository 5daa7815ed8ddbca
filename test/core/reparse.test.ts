/**
 * Parsing a roadmap file again after an edit: the model read incrementally (one `items` entry again)
 * must be the model a full parse gives, after every edit of a long random run of typing, and the
 * entries the edit did not touch must be kept, not read again.
 */
import * as assert from 'assert';
import { parseRoadmapFile, reparseRoadmapFile } from '../../server/src/core/roadmap';
import type { RoadmapFileModel } from '../../server/src/core/types';
import { random } from '../reliability/roadmapGen';

const FILE = '/ws/roadmap.yaml';
const STEPS = 300;

function item(n: number, indent: string): string {
  const body = `${indent}  `;
  const lines = [
    `${indent}- id: RM-${n}`,
    `${body}title: Item ${n}`,
    `${body}status: ${['planned', 'done', 'in-progress', 'proposed'][n % 4]}`,
  ];
  if (n % 3 === 0) lines.push(`${body}objective: OBJ-${n % 2}`);
  if (n % 4 === 1) lines.push(`${body}dependsOn: [RM-${n + 1}, RM-${n + 2}]`);
  if (n % 5 === 2) lines.push(`${body}tickets:`, `${body}  - JIRA-${n}`, `${body}  - "#${n}"`);
  if (n % 6 === 3) lines.push(`${body}due: 2026-0${(n % 9) + 1}-1${n % 10}`, `${body}# a comment in the item`);
  if (n % 7 !== 4)
    lines.push(
      `${body}value:`,
      `${body}  metric: m${n}`,
      `${body}  category: performance`,
      `${body}  baseline: ${n}`,
      `${body}  target: ${n * 2}`,
    );
  if (n % 8 === 5) lines.push('');
  return lines.join('\n') + '\n';
}

function roadmapText(variant: number): string {
  const indent = ['', '  ', '    '][variant % 3];
  const items = Array.from({ length: 12 }, (_, i) => item(i + 1, indent)).join('');
  const trackers = `trackers:\n${indent}- prefix: JIRA\n${indent}  name: Jira\n${indent}- prefix: "#"\n`;
  const objectives = `objectives:\n${indent}- id: OBJ-0\n${indent}  title: Zero\n${indent}- id: OBJ-1\n${indent}  title: One\n${indent}  metrics: [NS-1]\n`;
  const northStar = `northStar:\n  statement: Fast\n  metrics:\n    - id: NS-1\n      name: Latency\n`;
  const text =
    variant % 2 === 0
      ? `version: 2\n${northStar}${trackers}${objectives}items:\n${items}`
      : `version: 2\n${trackers}items:\n${items}# after the items\n${objectives}${northStar}`;
  return variant % 4 === 3 ? text.replace(/\n/g, '\r\n') : text;
}

/** Mostly what typing a value is; now and then a character that means something to YAML. */
const TYPED = [
  'a',
  'x',
  'Z',
  '1',
  '9',
  ' ',
  ' ',
  'e',
  'RM-',
  '.',
  ':',
  '-',
  '#',
  '"',
  "'",
  '[',
  ']',
  ',',
  '{',
  '}',
  '|',
  '>',
  '&',
  '*',
  '\t',
  '%',
];

/** One edit a person could make: a character typed or deleted, a line broken, joined, duplicated, removed. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const choice = next();
  if (choice < 0.35) return text.slice(0, at) + TYPED[Math.floor(next() * TYPED.length)] + text.slice(at);
  if (choice < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
  if (choice < 0.7) return text.slice(0, at) + '\n' + ' '.repeat(Math.floor(next() * 8)) + text.slice(at);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const end = lineEnd === -1 ? text.length : lineEnd + 1;
  if (choice < 0.8) return text.slice(0, end) + text.slice(lineStart, end) + text.slice(end); // duplicated
  if (choice < 0.9) return text.slice(0, lineStart) + text.slice(end); // removed
  return text.slice(0, at) + ' word' + text.slice(at);
}

/** Whether `model` kept an item object of `previous` (so it was read incrementally, not in full). */
function keptItems(previous: RoadmapFileModel, model: RoadmapFileModel): boolean {
  const kept = new Set(previous.items);
  return model.items.some((item) => kept.has(item));
}

describe('roadmap files parsed again after an edit', () => {
  for (let variant = 0; variant < 6; variant++) {
    it(`gives the full parse's model after each of ${STEPS} random edits (variant ${variant})`, () => {
      const original = roadmapText(variant);
      const next = random(1000 + variant);
      let text = original;
      let model = parseRoadmapFile(FILE, text);
      let lastClean = text;
      let incremental = 0;
      for (let step = 0; step < STEPS; step++) {
        // A syntax error is usually undone (as a person fixes a typo), so errors do not pile up for the
        // rest of the run; now and then the run starts over.
        const changed = step % 50 === 49 ? original : !model.syntaxOk && next() < 0.7 ? lastClean : edit(text, next);
        const again = reparseRoadmapFile(model, changed);
        assert.deepStrictEqual(again, parseRoadmapFile(FILE, changed), `seed ${1000 + variant}, step ${step}`);
        if (keptItems(model, again)) incremental++;
        text = changed;
        model = again;
        if (model.syntaxOk) lastClean = text;
      }
      // The run must exercise the incremental path, not only the fallback.
      assert.ok(incremental > STEPS / 8, `${incremental} of ${STEPS} edits read one entry again`);
    });
  }

  it('reads only the edited entry again: a title typed keeps every other item object', () => {
    const text = roadmapText(0);
    const model = parseRoadmapFile(FILE, text);
    const edited = text.replace('title: Item 5\n', 'title: Item 5 renamed\n');
    const again = reparseRoadmapFile(model, edited);
    assert.deepStrictEqual(again, parseRoadmapFile(FILE, edited));
    const changed = again.items.filter((item, i) => item !== model.items[i]).map((item) => item.id);
    assert.deepStrictEqual(changed, ['RM-5']);
    assert.strictEqual(again.items[4].title, 'Item 5 renamed');
  });

  it('moves what follows an entry when the edit adds lines', () => {
    const text = roadmapText(1);
    const model = parseRoadmapFile(FILE, text);
    const edited = text.replace('title: Item 3\n', 'title: Item 3\n    owner: me\n    slo: fast\n');
    const again = reparseRoadmapFile(model, edited);
    assert.deepStrictEqual(again, parseRoadmapFile(FILE, edited));
    assert.strictEqual(again.items[3].idRange.start.line, model.items[3].idRange.start.line + 2);
    assert.strictEqual(again.items[1], model.items[1]);
  });
});
