/**
 * Markup lexer: HTML, XML, Vue, Svelte and PHP templates. `<script>`/`<style>` and PHP blocks are
 * lexed as code, a `<script>` holding an HTML template as markup; `<textarea>`/`<title>` content and
 * Vue `{{ … }}` expressions are text, whatever they hold.
 */
import * as charsModule from './chars';
import { compiledSyntax } from './constructs';
import { CodeLexer, type LexedComment } from './engine';
import { PHP_CODE, syntaxOf, type MarkupSyntax } from './languages';

// Bound once: called in hot loops, and under tsx an imported call goes through two getters.
const { isAsciiLetter, isIdentifierChar } = charsModule;

/** Elements whose content is raw text: a closing tag of the same name is all that ends it. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp']);

const TEMPLATE = 'html-template';

export function lexMarkup(text: string, syntax: MarkupSyntax, out: LexedComment[], limit: number, from = 0): void {
  const to = text.length;
  let i = from;
  // Where the next `{{` is (Vue): found once per stretch, so that the search stays linear.
  let nextMustache = syntax.mustache ? text.indexOf('{{', from) : -1;
  while (i < to && i <= limit) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    if (nextMustache >= 0 && nextMustache < i) nextMustache = text.indexOf('{{', i);
    if (nextMustache >= 0 && nextMustache < lt) {
      i = skipMustache(text, nextMustache + 2, to);
      continue;
    }
    i = lt;
    if (syntax.templateComments && text.startsWith('<%--', i)) {
      const close = text.indexOf('--%>', i + 4);
      const end = close < 0 ? to : close + 4;
      out.push({ start: i, end, kind: 'block', bodyStart: i + 4, bodyEnd: close < 0 ? to : close });
      i = end;
    } else if (text.startsWith('<!--', i)) {
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

/** Past a `{{ … }}` expression whose body starts at `p`: quotes in it may hold `}}` or `<!--`. */
function skipMustache(text: string, p: number, to: number): number {
  while (p < to) {
    const c = text[p];
    if (c === '}' && text[p + 1] === '}') return p + 2;
    if (c === '"' || c === "'" || c === '`') {
      p++;
      while (p < to && text[p] !== c) p += text[p] === '\\' ? 2 : 1;
    }
    p++;
  }
  return to;
}

/**
 * At `<name`: skips the start tag, whose quoted attribute values may hold `<!--`; a raw-text element's
 * content is lexed as code, as markup (a template) or not at all. Returns where markup goes on.
 */
function lexStartTag(text: string, lt: number, syntax: MarkupSyntax, out: LexedComment[], limit: number): number {
  const to = text.length;
  let p = lt + 1;
  while (p < to && (isIdentifierChar(text.charCodeAt(p)) || text[p] === '-' || text[p] === ':' || text[p] === '.')) p++;
  const name = text.slice(lt + 1, p).toLowerCase();
  // PHP blocks may stand in any element but a script or style.
  const rawText =
    syntax.embedsScriptAndStyle &&
    RAW_TEXT_ELEMENTS.has(name) &&
    (!syntax.php || name === 'script' || name === 'style');
  // In PHP templates attribute values often hold `<?php … ?>`: only raw-text elements are parsed.
  if (syntax.php && !rawText) return p;
  const attributesStart = p;
  while (p < to && text[p] !== '>') {
    const c = text[p];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, p + 1);
      p = close < 0 ? to : close + 1;
    } else {
      p++;
    }
  }
  if (p >= to) return to;
  if (!rawText || text[p - 1] === '/') return p + 1;
  const contentStart = p + 1;
  const closeRegex = closingTag(name);
  closeRegex.lastIndex = contentStart;
  const closeMatch = closeRegex.exec(text);
  const contentEnd = closeMatch === null ? to : closeMatch.index;
  const languageId =
    name === 'script' || name === 'style'
      ? embeddedLanguage(name === 'script', text.slice(attributesStart, p))
      : undefined;
  if (languageId === TEMPLATE) {
    // Lexed as a text that ends where the template does, so that no search inside looks past it.
    lexMarkup(text.slice(0, contentEnd), { ...syntax, mustache: false }, out, limit, contentStart);
    return contentEnd;
  }
  const code = languageId === undefined ? undefined : syntaxOf(languageId);
  if (code?.kind === 'code') new CodeLexer(text, compiledSyntax(code), contentStart, contentEnd, out).run(limit);
  return contentEnd;
}

const closingTags = new Map<string, RegExp>();

function closingTag(name: string): RegExp {
  let regex = closingTags.get(name);
  if (regex === undefined) {
    regex = new RegExp(`</${name}(?![\\w-])`, 'gi');
    closingTags.set(name, regex);
  }
  return regex;
}

/** The language of a `<script>`/`<style>` element from its `lang`/`type` attributes; undefined: not code. */
function embeddedLanguage(isScript: boolean, attributes: string): string | undefined {
  const lang = /\blang\s*=\s*["']?([\w-]+)/i.exec(attributes)?.[1]?.toLowerCase();
  if (!isScript) return lang === 'scss' || lang === 'sass' || lang === 'less' || lang === 'stylus' ? 'scss' : 'css';
  if (lang === 'coffee' || lang === 'coffeescript') return 'coffeescript';
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  if (type === undefined || /javascript|ecmascript|module|babel|jsx|typescript/.test(type)) return 'javascript';
  // `text/x-template`, `text/x-handlebars-template`, `text/ng-template`, `text/html`: markup to render later.
  if (/template|html/.test(type)) return TEMPLATE;
  return /json/.test(type) ? 'jsonc' : undefined;
}
