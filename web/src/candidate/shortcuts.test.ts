import { describe, expect, it } from 'vitest';
import { isApplePlatform, shortcutHelp, shortcutOf } from './shortcuts.ts';

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutOf', () => {
  it('uses Ctrl elsewhere and Cmd on Apple platforms', () => {
    expect(shortcutOf(key('s', { ctrlKey: true }), false)).toBe('save');
    expect(shortcutOf(key('S', { ctrlKey: true }), false)).toBe('save');
    expect(shortcutOf(key('Enter', { ctrlKey: true }), false)).toBe('run');
    expect(shortcutOf(key('s', { metaKey: true }), true)).toBe('save');
    expect(shortcutOf(key('s', { metaKey: true }), false)).toBeNull();
    expect(shortcutOf(key('s', { ctrlKey: true }), true)).toBeNull();
  });

  it('ignores other keys and extra modifiers', () => {
    expect(shortcutOf(key('s'), false)).toBeNull();
    expect(shortcutOf(key('s', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutOf(key('s', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutOf(key('x', { ctrlKey: true }), false)).toBeNull();
  });

  it('names the platform and lists the shortcuts with its modifier', () => {
    expect(isApplePlatform('MacIntel')).toBe(true);
    expect(isApplePlatform('Win32')).toBe(false);
    expect(shortcutHelp(true)[0]?.keys).toBe('⌘+S');
    expect(shortcutHelp(false)[1]?.keys).toBe('Ctrl+Enter');
  });
});
