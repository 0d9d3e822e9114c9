/**
 * Markdown from the question bank, the LLM (generated questions, the assistant's answers), the
 * recruiter (assessment descriptions) and the candidate (their own chat messages, shown in the
 * replay) is rendered by MarkdownView. Rendered to real HTML with react-dom/server, hostile input
 * must stay inert: no script or img element, no event-handler attribute, no link to anything but
 * http(s) and mailto, and every link opens without access to this window.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownView } from './markdown-view.tsx';

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownView, { text }));

const hostile = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><a href="javascript:alert(1)">x</a></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '[click](//evil.example/steal)',
  '[ok](https://example.com/"onmouseover="alert(1))',
  '**<b onclick=alert(1)>bold</b>**',
  '# <script>heading</script>',
  '> <img src=x onerror=alert(1)>',
  '- item <a href=javascript:alert(1)>x</a>',
  '`</code><script>alert(1)</script>`',
  '```html\n</code></pre><script>alert(1)</script>\n```',
  '<javascript:alert(1)>',
];

describe('MarkdownView with hostile content', () => {
  it.each(hostile)('renders %j inert', (text) => {
    const html = render(text);
    expect(html).not.toMatch(/<script|<img|<svg|<iframe|<object|<embed|<b\b/i);
    // No attribute that runs code: on*= handlers, or a javascript:/data:/vbscript: URL anywhere in a tag.
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
      expect(tag, tag).not.toMatch(/\son[a-z]+\s*=/i);
      expect(tag, tag).not.toMatch(/(javascript|vbscript|data):/i);
    }
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
      expect(href, 'only http(s) and mailto links').toMatch(/^(https?:\/\/|mailto:)/);
    }
  });

  it('escapes raw HTML into visible text rather than dropping it', () => {
    const html = render('Use <script>alert(1)</script> here');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps safe links, opening in a new context without opener or referrer', () => {
    const html = render('[docs](https://docs.example/a?b=1&c=2)');
    expect(html).toContain('href="https://docs.example/a?b=1&amp;c=2"');
    expect(html).toMatch(/<a [^>]*rel="noopener noreferrer nofollow"/);
    expect(html).toMatch(/<a [^>]*target="_blank"/);
  });

  it('keeps the link text of a refused target, without the link', () => {
    const html = render('[click me](javascript:alert(1))');
    expect(html).toContain('click me');
    expect(html).not.toContain('<a');
  });
});
