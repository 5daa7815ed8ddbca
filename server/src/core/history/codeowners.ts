/**
 * CODEOWNERS (GitHub / GitLab): the last rule whose pattern matches a file names its owners.
 * Patterns follow gitignore rules, so the `ignore` package matches each one as git would.
 */
import ignore, { type Ignore } from 'ignore';
import { promises as fs } from 'fs';
import * as path from 'path';

/** Where GitHub looks, in its order; the first file found is the one used. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

interface Rule {
  matcher: Ignore;
  owners: string[];
}

export class CodeOwners {
  private constructor(private readonly rules: Rule[]) {}

  static parse(text: string): CodeOwners {
    const rules: Rule[] = [];
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      // GitLab sections ("[Docs]") carry no pattern.
      if (!line || line.startsWith('[') || line.startsWith('^[')) continue;
      const [pattern, ...owners] = line.split(/\s+/);
      try {
        rules.push({ matcher: ignore().add(pattern), owners });
      } catch {
        // A pattern `ignore` rejects matches nothing.
      }
    }
    return new CodeOwners(rules);
  }

  static async load(root: string): Promise<CodeOwners | undefined> {
    for (const location of CODEOWNERS_LOCATIONS) {
      try {
        const stat = await fs.lstat(path.join(root, location));
        if (!stat.isFile() || stat.size > 1024 * 1024) continue;
        return CodeOwners.parse(await fs.readFile(path.join(root, location), 'utf8'));
      } catch {
        continue;
      }
    }
    return undefined;
  }

  /** Owners of a repository-relative path ("" when the last matching rule names none). */
  ownersOf(repoPath: string): string[] | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      if (this.rules[i].matcher.ignores(repoPath)) return this.rules[i].owners;
    }
    return undefined;
  }
}
