/**
 * Renders the Markdown tree of `markdown.ts` as React elements. Text goes through React's own
 * escaping: there is no HTML injection path (no dangerouslySetInnerHTML anywhere).
 */
import type { ReactNode } from 'react';
import { type MdBlock, type MdInline, parseMarkdown } from './markdown.ts';

function renderInline(nodes: readonly MdInline[], keyPrefix: string): ReactNode[] {
  return nodes.map((node, index) => {
    const key = `${keyPrefix}-${index}`;
    switch (node.type) {
      case 'text':
        return <span key={key}>{node.text}</span>;
      case 'code':
        return (
          <code key={key} className="ilm-md-code">
            {node.text}
          </code>
        );
      case 'strong':
        return <strong key={key}>{renderInline(node.children, key)}</strong>;
      case 'em':
        return <em key={key}>{renderInline(node.children, key)}</em>;
      case 'link':
        return (
          <a key={key} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(node.children, key)}
          </a>
        );
      case 'break':
        return <br key={key} />;
      default:
        return null;
    }
  });
}

function renderBlocks(blocks: readonly MdBlock[], keyPrefix: string, tight = false): ReactNode[] {
  return blocks.map((block, index) => {
    const key = `${keyPrefix}-${index}`;
    switch (block.type) {
      case 'heading': {
        // Statement headings sit under the page's own heading: shift them down two levels.
        const level = Math.min(6, block.level + 2);
        const Tag = `h${level}` as 'h3' | 'h4' | 'h5' | 'h6';
        return (
          <Tag key={key} className="ilm-md-heading">
            {renderInline(block.children, key)}
          </Tag>
        );
      }
      case 'paragraph':
        return tight ? (
          <span key={key}>{renderInline(block.children, key)}</span>
        ) : (
          <p key={key}>{renderInline(block.children, key)}</p>
        );
      case 'code':
        return (
          <pre key={key} className="ilm-md-pre" data-language={block.language || undefined}>
            <code>{block.text}</code>
          </pre>
        );
      case 'list': {
        const items = block.items.map((item, itemIndex) => {
          const itemKey = `${key}-${itemIndex}`;
          // A one-paragraph item renders without a <p> (a tight list).
          const single = item.length === 1 && item[0]?.type === 'paragraph';
          return <li key={itemKey}>{renderBlocks(item, itemKey, single)}</li>;
        });
        return block.ordered ? (
          <ol key={key} start={block.start !== 1 ? block.start : undefined}>
            {items}
          </ol>
        ) : (
          <ul key={key}>{items}</ul>
        );
      }
      case 'quote':
        return <blockquote key={key}>{renderBlocks(block.children, key)}</blockquote>;
      case 'rule':
        return <hr key={key} />;
      default:
        return null;
    }
  });
}

/** Markdown text rendered safely. */
export function MarkdownView({ text, className }: { text: string; className?: string }) {
  return <div className={`ilm-md ${className ?? ''}`.trim()}>{renderBlocks(parseMarkdown(text), 'md')}</div>;
}
