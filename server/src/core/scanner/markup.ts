/** Markup lexer: HTML, XML, Vue, Svelte and PHP templates; `<script>`/`<style>` and PHP blocks are lexed as code. */
import * as charsModule from './chars';
import * as constructsModule from './constructs';
import * as engineModule from './engine';
import { type LexedComment } from './engine';
import * as languagesModule from './languages';
import { type MarkupSyntax } from './languages';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { isAsciiLetter, isIdentifierChar } = charsModule;
const { compiledSyntax } = constructsModule;
const { CodeLexer } = engineModule;
const { PHP_CODE, syntaxOf } = languagesModule;

const SCRIPT_CLOSE = /<\/script/gi;
const STYLE_CLOSE = /<\/style/gi;

export function lexMarkup(text: string, syntax: MarkupSyntax, out: LexedComment[], limit: number): void {
  const to = text.length;
  let i = 0;
  while (i < to && i <= limit) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? to : close + 3;
      out.push({ start: i, end, kind: 'block', bodyStart: i + 4, bodyEnd: close < 0 ? to : close });
      i = end;
    } else if (syntax.cdata && text.startsWith('<![CDATA[', i)) {
      const close = text.indexOf(']]>', i + 9);
      i = close < 0 ? to : close + 3;
    } else if (syntax.php && (text.startsWith('<?=', i) || text.slice(i, i + 5).toLowerCase() === '<?php')) {
      const lexer = new CodeLexer(text, compiledSyntax(PHP_CODE), text[i + 2] === '=' ? i + 3 : i + 5, to, out);
      const stop = lexer.run(limit);
      i = lexer.stopped ? stop + 2 : stop;
    } else if (isAsciiLetter(text.charCodeAt(i + 1))) {
      i = lexStartTag(text, i, syntax, out, limit);
    } else {
      i++;
    }
  }
}

/**
 * At `<name`: skips the start tag, whose quoted attribute values may hold `<!--`, and lexes a
 * `<script>`/`<style>` element's content as code. Returns where markup goes on.
 */
function lexStartTag(text: string, lt: number, syntax: MarkupSyntax, out: LexedComment[], limit: number): number {
  let p = lt + 1;
  while (p < text.length && (isIdentifierChar(text.charCodeAt(p)) || text[p] === '-' || text[p] === ':' || text[p] === '.')) p++;
  const name = text.slice(lt + 1, p).toLowerCase();
  const isScript = name === 'script';
  const embedded = syntax.embedsScriptAndStyle && (isScript || name === 'style');
  // In PHP templates attribute values often hold `<?php … ?>`: only script and style tags are parsed.
  if (syntax.php && !embedded) return p;
  const attributesStart = p;
  while (p < text.length && text[p] !== '>') {
    const c = text[p];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, p + 1);
      p = close < 0 ? text.length : close + 1;
    } else {
      p++;
    }
  }
  if (p >= text.length) return text.length;
  if (!embedded || text[p - 1] === '/') return p + 1;
  const contentStart = p + 1;
  const closeRegex = isScript ? SCRIPT_CLOSE : STYLE_CLOSE;
  closeRegex.lastIndex = contentStart;
  const closeMatch = closeRegex.exec(text);
  const contentEnd = closeMatch === null ? text.length : closeMatch.index;
  const languageId = embeddedLanguage(isScript, text.slice(attributesStart, p));
  const code = languageId === undefined ? undefined : syntaxOf(languageId);
  if (code?.kind === 'code') new CodeLexer(text, compiledSyntax(code), contentStart, contentEnd, out).run(limit);
  return contentEnd;
}

/** The language of a `<script>`/`<style>` element from its `lang`/`type` attributes; undefined: not code. */
function embeddedLanguage(isScript: boolean, attributes: string): string | undefined {
  const lang = /\blang\s*=\s*["']?([\w-]+)/i.exec(attributes)?.[1]?.toLowerCase();
  if (!isScript) return lang === 'scss' || lang === 'sass' || lang === 'less' || lang === 'stylus' ? 'scss' : 'css';
  if (lang === 'coffee' || lang === 'coffeescript') return 'coffeescript';
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  if (type === undefined || /javascript|ecmascript|module|babel|jsx|typescript/.test(type)) return 'javascript';
  return /json/.test(type) ? 'jsonc' : undefined;
}
