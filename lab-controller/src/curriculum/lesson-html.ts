/**
 * Lessons and instructions (French Markdown) as safe HTML for the showroom's learning space.
 * No Markdown library is installed (package.json), so this renders the subset the lessons use
 * (curriculum/modules/* /README.md): headings, paragraphs, bullet and numbered lists, fenced code
 * blocks, tables, block quotes, inline code, bold, italics and links. Everything else is text:
 * every character from the file is HTML-escaped before any tag is added, so a lesson cannot inject
 * markup or script; links keep only http(s), mailto and relative targets.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const SAFE_HREF = /^(https?:\/\/|mailto:|\/|\.{0,2}\/|#)/i;

/** Inline Markdown of one escaped-on-the-way line: `code`, **bold**, *italics*, [text](href). */
export function renderInline(source: string): string {
  // Code spans first, kept aside so their content gets no emphasis or links.
  const spans: string[] = [];
  const withoutCode = source.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_whole, _ticks, code: string) => {
    spans.push(`<code>${escapeHtml(code.trim())}</code>`);
    return `\u0000${spans.length - 1}\u0000`;
  });
  let html = escapeHtml(withoutCode);
  html = html.replace(/\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, (whole, text: string, href: string) => {
    const target = href.replace(/&amp;/g, '&');
    if (!SAFE_HREF.test(target)) return text;
    const external = /^https?:/i.test(target) ? ' rel="noopener noreferrer" target="_blank"' : '';
    return `<a href="${escapeHtml(target)}"${external}>${text}</a>`;
  });
  html = html.replace(
    /\*\*([^*]+)\*\*|__([^_]+)__/g,
    (_w, a?: string, b?: string) => `<strong>${a ?? b}</strong>`,
  );
  html = html.replace(
    /(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)|(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g,
    (_w, p1?: string, a?: string, p2?: string, b?: string) => `${p1 ?? p2 ?? ''}<em>${a ?? b}</em>`,
  );
  return html.replace(/\u0000(\d+)\u0000/g, (_w, i: string) => spans[Number(i)]!);
}

interface ListItem {
  ordered: boolean;
  indent: number;
  text: string;
}

/** An opening fence: its backticks or tildes, the language, then any other info words. */
const FENCE = /^\s*(`{3,}|~{3,})\s*([\w-]*)[^`]*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/**
 * Markdown to HTML. `headingOffset` shifts heading levels (a lesson's `#` becomes `<h2>` when the
 * page already has its `<h1>`).
 */
export function renderMarkdown(source: string, headingOffset = 0): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const isBlank = (line: string | undefined): boolean => line === undefined || line.trim() === '';
  const startsBlock = (line: string): boolean =>
    FENCE.test(line) ||
    HEADING.test(line) ||
    LIST_ITEM.test(line) ||
    /^\s*>/.test(line) ||
    isTableStart(lines, i);

  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i]!.trim().startsWith(fence[1]!)) body.push(lines[i++]!);
      i += 1;
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${lang}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + headingOffset);
      out.push(`<h${level}>${renderInline(heading[2]!)}</h${level}>`);
      i += 1;
      continue;
    }
    if (isTableStart(lines, i)) {
      const header = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.includes('|') && !isBlank(lines[i])) rows.push(cells(lines[i++]!));
      out.push(
        '<table><thead><tr>' +
          header.map((c) => `<th scope="col">${renderInline(c)}</th>`).join('') +
          '</tr></thead><tbody>' +
          rows.map((r) => `<tr>${r.map((c) => `<td>${renderInline(c)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table>',
      );
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^\s*>\s?/, ''));
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n'), headingOffset)}</blockquote>`);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const items: ListItem[] = [];
      while (i < lines.length) {
        const match = LIST_ITEM.exec(lines[i]!);
        if (match) {
          items.push({ ordered: /\d/.test(match[2]!), indent: match[1]!.length, text: match[3]! });
          i += 1;
        } else if (!isBlank(lines[i]) && /^\s+\S/.test(lines[i]!) && items.length > 0) {
          items.at(-1)!.text += ` ${lines[i++]!.trim()}`;
        } else break;
      }
      out.push(renderList(items));
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && (paragraph.length === 0 || !startsBlock(lines[i]!)))
      paragraph.push(lines[i++]!.trim());
    out.push(`<p>${renderInline(paragraph.join(' '))}</p>`);
  }
  return out.join('\n');
}

function renderList(items: ListItem[]): string {
  const html: string[] = [];
  const open: { ordered: boolean; indent: number }[] = [];
  for (const item of items) {
    while (open.length > 0 && item.indent < open.at(-1)!.indent)
      html.push(`</li></${tag(open.pop()!.ordered)}>`);
    const top = open.at(-1);
    if (!top || item.indent > top.indent) {
      html.push(`<${tag(item.ordered)}>`);
      open.push({ ordered: item.ordered, indent: item.indent });
    } else html.push('</li>');
    html.push(`<li>${renderInline(item.text)}`);
  }
  while (open.length > 0) html.push(`</li></${tag(open.pop()!.ordered)}>`);
  return html.join('');
}

const tag = (ordered: boolean): string => (ordered ? 'ol' : 'ul');

function isTableStart(lines: string[], i: number): boolean {
  const line = lines[i];
  const next = lines[i + 1];
  return line !== undefined && next !== undefined && line.includes('|') && TABLE_RULE.test(next);
}

function cells(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  // A `|` inside a code span belongs to the code.
  const parts: string[] = [];
  let current = '';
  let inCode = false;
  for (const c of trimmed) {
    if (c === '`') inCode = !inCode;
    if (c === '|' && !inCode) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts;
}
