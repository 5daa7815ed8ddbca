/**
 * Workspaces shaped like the open-source repositories issue #10 was found on (a Java/Scala broker, a
 * C++/Python data library, a Go tool): several tracker prefixes, keys in every position, and key-shaped
 * words such as UTF-8 in TODO text. Written by the tests; one with a roadmap, one without.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REAL_ROADMAP = `version: 2
northStar:
  statement: Brokers and kernels nobody has to babysit
  mix: {feature: 50, investment: 30, debt: 20}
trackers:
  - prefix: KAFKA
    name: Apache Jira
    url: https://issues.apache.org/jira/browse/{key}
  - prefix: GH
    url: https://github.com/apache/arrow/issues/{number}
  - prefix: "#"
    url: https://github.com/acme/tool/issues/{number}
objectives:
  - id: OBJ-1
    title: Reliable brokers
items:
  - id: RM-1
    title: Fetcher stalls under load
    kind: debt
    status: in-progress
    objective: OBJ-1
    due: 2020-06-30
    value: {metric: stalled fetches per day, category: reliability, baseline: 40, target: 0}
    tickets: [KAFKA-12887]
  - id: RM-2
    title: Port the compute kernels
    kind: feature
    status: planned
    objective: OBJ-1
    value: {metric: kernels ported, category: performance, baseline: 0, target: 12}
    tickets:
      - GH-48593
`;

/** Source files: every explicit-link position, tickets listed and not, plain key-shaped words, dates. */
export const REAL_SOURCES: Record<string, string> = {
  'core/src/main/java/org/apache/kafka/Fetcher.java': [
    'package org.apache.kafka;',
    '',
    'public class Fetcher {',
    '    // TODO(KAFKA-12887): the fetcher stalls when the leader moves',
    '    // TODO(KAFKA-12410): rework the purgatory',
    '    /* FIXME KAFKA-13001: leaks a buffer on close */',
    '    // TODO KIP-441: warm-up replicas',
    '    // TODO: UTF-8 decoding of SHA-256 digests, ISO-8859-1 fallback',
    '    String name = "TODO(KAFKA-1): not a comment";',
    '}',
    '',
  ].join('\n'),
  'cpp/src/arrow/compute/kernel.cc': [
    '// TODO(GH-48593): port the kernel',
    '// GH-49702: TODO disabled until the upstream fix',
    '// TODO (ARROW-12207): no ARROW tracker is declared',
    'int kernel() { return 0; }',
    '',
  ].join('\n'),
  'python/pyarrow/io.py': [
    '# TODO(#77): handle EINTR',
    '# HACK: see GH-7 for the context',
    '# TODO(RM-9): typo of an item',
    'x = 1',
    '',
  ].join('\n'),
  'go/cmd/tool/main.go': [
    'package main',
    '',
    '// TODO(RM-2, 2020-01-31): ship before the release',
    'func main() {}',
    '',
  ].join('\n'),
};

export function writeRealWorkspace(label: string, withRoadmap: boolean): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `rl-real-${label}-`)));
  const files: Record<string, string> = { ...REAL_SOURCES, ...(withRoadmap ? { 'roadmap.yaml': REAL_ROADMAP } : {}) };
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}
