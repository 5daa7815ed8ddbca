/**
 * The one settings model: what `parseSettings` accepts and refuses, what `compileSettings` builds, and
 * that both front ends (the CLI's `.vscode/settings.json`, the server's `workspace/configuration` and
 * `initializationOptions`) end with the same settings and the same problems for the same values.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadFolderSettings } from '../server/src/cli/settings';
import { compileSettings, DEFAULT_COMPILED_SETTINGS, makeSettings, parseSettings } from '../server/src/core/settings';
import { DEFAULT_SETTINGS } from '../server/src/core/types';
import {
  CONFIGURATION_SECTIONS,
  settingsFromConfiguration,
  settingsFromInitializationOptions,
} from '../server/src/lsp/settings';

const DEFAULT_ID = DEFAULT_SETTINGS.idPattern;

describe('settings', () => {
  describe('parseSettings', () => {
    it('takes roadmapLinks keys flat or nested (flat wins) and adds the enabled editor exclusion globs', () => {
      const { settings, problems } = parseSettings({
        roadmapLinks: { tags: ['TODO'], idPattern: 'X-[0-9]+' },
        'roadmapLinks.idPattern': '[A-Z]+-\\d+',
        'roadmapLinks.unlinkedDebtSeverity': 'off',
        'files.exclude': { 'gen/**': true },
        'search.exclude': { 'tmp/**': true, 'keep/**': false, 'when/**': { when: '$(basename).ts' } },
        'editor.fontSize': 12,
      });
      assert.deepEqual(problems, []);
      assert.deepEqual(settings, {
        ...DEFAULT_SETTINGS,
        tags: ['TODO'],
        idPattern: '[A-Z]+-\\d+',
        unlinkedDebtSeverity: 'off',
        exclude: [...DEFAULT_SETTINGS.exclude, 'gen/**', 'tmp/**'],
      });
    });

    it('reports each unusable value and uses its default instead', () => {
      const { settings, problems } = parseSettings({
        roadmapLinks: {
          idPattern: '',
          tags: ['TODO', 'TWO WORDS'],
          roadmapFiles: 'roadmap.yaml',
          unlinkedDebtSeverity: 'loud',
          maxFileSizeBytes: 0,
          proposalTarget: 3,
          exclude: [1],
        },
      });
      assert.deepEqual(settings, DEFAULT_SETTINGS);
      assert.deepEqual(problems, [
        { key: 'roadmapLinks.idPattern', message: `roadmapLinks.idPattern "" is empty; using ${DEFAULT_ID}.` },
        {
          key: 'roadmapLinks.tags',
          message:
            'roadmapLinks.tags ["TODO","TWO WORDS"] is not a list of one or more tags without spaces; using TODO, FIXME, HACK, XXX, BUG, DEBT.',
        },
        {
          key: 'roadmapLinks.roadmapFiles',
          message: 'roadmapLinks.roadmapFiles "roadmap.yaml" is not a list of strings; using [].',
        },
        {
          key: 'roadmapLinks.unlinkedDebtSeverity',
          message:
            'roadmapLinks.unlinkedDebtSeverity "loud" is not one of error, warning, information, hint, off; using information.',
        },
        {
          key: 'roadmapLinks.maxFileSizeBytes',
          message: 'roadmapLinks.maxFileSizeBytes 0 is not a positive number; using 1048576.',
        },
        { key: 'roadmapLinks.proposalTarget', message: 'roadmapLinks.proposalTarget 3 is not a string; using "".' },
        {
          key: 'roadmapLinks.exclude',
          message: `roadmapLinks.exclude [1] is not a list of strings; using ${DEFAULT_SETTINGS.exclude.join(', ')}.`,
        },
      ]);
    });

    it('reports a roadmapLinks key that is no setting, with the setting it likely means; the trace is no mistake', () => {
      const { settings, problems } = parseSettings({
        'roadmapLinks.unlinkedDebtSeverty': 'off',
        'roadmapLinks.IdPattern': 'JIRA-[0-9]+',
        'roadmapLinks.colour': 'red',
        'roadmapLinks.trace.server': 'verbose',
        roadmapLinks: { trace: { server: 'verbose' } },
        'editor.fontSize': 12,
      });
      assert.deepEqual(settings, DEFAULT_SETTINGS);
      assert.deepEqual(problems, [
        {
          key: 'roadmapLinks.unlinkedDebtSeverty',
          message:
            'roadmapLinks.unlinkedDebtSeverty is not a setting of Roadmap Links; did you mean roadmapLinks.unlinkedDebtSeverity? It is ignored.',
        },
        {
          key: 'roadmapLinks.IdPattern',
          message:
            'roadmapLinks.IdPattern is not a setting of Roadmap Links; did you mean roadmapLinks.idPattern? It is ignored.',
        },
        {
          key: 'roadmapLinks.colour',
          message: 'roadmapLinks.colour is not a setting of Roadmap Links; it is ignored.',
        },
      ]);
    });

    it('refuses an ID pattern that does not compile, and anything but an object, without throwing', () => {
      assert.deepEqual(parseSettings({ 'roadmapLinks.idPattern': '([A-Z' }).problems, [
        {
          key: 'roadmapLinks.idPattern',
          message: `roadmapLinks.idPattern "([A-Z" is not a valid regular expression; using ${DEFAULT_ID}.`,
        },
      ]);
      for (const raw of [undefined, null, 'x', 3, []])
        assert.deepEqual(parseSettings(raw), { settings: DEFAULT_SETTINGS, problems: [] });
    });
  });

  describe('compileSettings', () => {
    it('builds the ID matchers (whole, bounded search, sticky) and the tags to find once', () => {
      const compiled = makeSettings({ tags: ['TODO', 'TODO-LATER'], idPattern: 'JIRA-[0-9]+' });
      assert.ok(compiled.ids.whole.test('JIRA-12'));
      assert.ok(!compiled.ids.whole.test('xJIRA-12'));
      assert.deepEqual(
        [...'see JIRA-1, xJIRA-2 and JIRA-3'.matchAll(compiled.ids.search)].map((match) => match[0]),
        ['JIRA-1', 'JIRA-3'],
      );
      compiled.ids.at.lastIndex = 4;
      assert.equal(compiled.ids.at.exec('see JIRA-7')?.[0], 'JIRA-7');
      // Longest first, so TODO-LATER is never found as TODO; the marker is always there.
      assert.deepEqual(compiled.finderTags, ['TODO-LATER', '@roadmap', 'TODO']);
      assert.equal(compiled.tagAlternation, 'TODO-LATER|TODO');
    });

    it('makeSettings checks overrides as parseSettings does', () => {
      assert.equal(makeSettings({ idPattern: '(' }).ids.source, DEFAULT_ID);
      assert.equal(makeSettings({ idPattern: '' }).ids.source, DEFAULT_ID);
      assert.deepEqual(compileSettings(DEFAULT_SETTINGS).ids.source, DEFAULT_COMPILED_SETTINGS.ids.source);
    });
  });

  describe('both front ends', () => {
    let folder: string;
    beforeEach(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-settings-'));
      fs.mkdirSync(path.join(folder, '.vscode'));
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    const cases: {
      name: string;
      own: Record<string, unknown>;
      filesExclude?: Record<string, unknown>;
      searchExclude?: Record<string, unknown>;
    }[] = [
      { name: 'an empty ID pattern', own: { idPattern: '' } },
      { name: 'an ID pattern that does not compile', own: { idPattern: '([A-Z' } },
      { name: 'a custom ID pattern and tags', own: { idPattern: 'JIRA-[0-9]+', tags: ['TODO', 'NOTE'] } },
      {
        name: 'wrong types everywhere',
        own: { tags: 'TODO', maxFileSizeBytes: 'big', unlinkedDebtSeverity: 'loud', exclude: 'dist' },
      },
      { name: 'a misspelt key', own: { unlinkedDebtSeverty: 'off', mixDay: 30 } },
      {
        name: 'editor exclusions',
        own: { exclude: ['gen/**'] },
        filesExclude: { 'out/**': true, 'keep/**': false },
        searchExclude: { 'tmp/**': true },
      },
    ];
    for (const { name, own, filesExclude, searchExclude } of cases) {
      it(`${name}: the CLI's settings.json and the server's configuration give the same settings and problems`, async () => {
        // The file as VS Code writes it: flat keys.
        const json: Record<string, unknown> = Object.fromEntries(
          Object.entries(own).map(([key, value]) => [`roadmapLinks.${key}`, value]),
        );
        if (filesExclude) json['files.exclude'] = filesExclude;
        if (searchExclude) json['search.exclude'] = searchExclude;
        fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify(json, null, 2));
        const cli = await loadFolderSettings(folder);

        // What a client answers to the server's `workspace/configuration` for its sections.
        const answers: Record<string, unknown> = {
          roadmapLinks: own,
          'files.exclude': filesExclude ?? {},
          'search.exclude': searchExclude ?? {},
        };
        const server = settingsFromConfiguration(CONFIGURATION_SECTIONS.map((section) => answers[section]));

        assert.deepEqual(server.problems, cli.problems);
        assert.deepEqual(server.settings, cli.settings);
        assert.equal(cli.fileProblem, undefined);
        // Clients that cannot answer `workspace/configuration` send the section at initialization (no editor maps).
        const initial = settingsFromInitializationOptions(own);
        assert.deepEqual(initial.problems, cli.problems);
        if (!filesExclude && !searchExclude) assert.deepEqual(initial.settings, cli.settings);
        if (own.idPattern === '') assert.equal(compileSettings(cli.settings).ids.source, DEFAULT_ID);
      });
    }
  });
});
