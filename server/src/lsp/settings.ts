/**
 * Where the server finds its settings: `workspace/configuration` when the client answers it, else
 * `initializationOptions.settings`. Both are handed to `core/settings` in VS Code's settings shape, so the
 * server and the CLI (`.vscode/settings.json`) parse the same values the same way, problems included.
 */
import { EDITOR_EXCLUDE_SECTIONS, parseSettings, type ParsedSettings } from '../core/settings';

/** The sections the server pulls and watches: its own, and the editor's exclusion maps (as the CLI reads them). */
export const CONFIGURATION_SECTIONS: readonly string[] = ['roadmapLinks', ...EDITOR_EXCLUDE_SECTIONS];

/**
 * The client's answer to `workspace/configuration` for `CONFIGURATION_SECTIONS`, in that order. A client
 * that answers but holds no `roadmapLinks` section (Neovim 0.8+ answers `null` when its `settings` table
 * lacks one) leaves our section to `initializationOptions.settings`, where such a client's user put it.
 */
export function settingsFromConfiguration(
  values: readonly unknown[],
  initializationSettings?: unknown,
): ParsedSettings {
  return parseSettings(
    Object.fromEntries(
      CONFIGURATION_SECTIONS.map((section, i) => [
        section,
        section === 'roadmapLinks' ? (values[i] ?? initializationSettings) : values[i],
      ]),
    ),
  );
}

/** `initializationOptions.settings`: the `roadmapLinks` section, from clients that cannot answer `workspace/configuration`. */
export function settingsFromInitializationOptions(section: unknown): ParsedSettings {
  return parseSettings({ roadmapLinks: section });
}

/**
 * `workspace/didChangeConfiguration` params' `settings`, as clients that push them send it (nvim-lspconfig,
 * Helix, eglot): the whole settings object, `{ roadmapLinks: { … } }`, in VS Code's shape.
 */
export function settingsFromPush(settings: unknown): ParsedSettings | undefined {
  const hasOwn =
    settings !== null &&
    typeof settings === 'object' &&
    Object.keys(settings).some((key) => key === 'roadmapLinks' || key.startsWith('roadmapLinks.'));
  return hasOwn ? parseSettings(settings) : undefined;
}
