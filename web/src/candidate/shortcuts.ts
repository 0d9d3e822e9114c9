/** The workspace's keyboard shortcuts: Ctrl/Cmd+S saves, Ctrl/Cmd+Enter runs the tests. Pure. */

/** A workspace command bound to a key. */
export type ShortcutCommand = 'save' | 'run';

/** The parts of a keyboard event the matcher reads. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Whether the platform uses ⌘ for shortcuts. */
export function isApplePlatform(platform: string): boolean {
  return /mac|iphone|ipad|ipod/i.test(platform);
}

/** The command of a key press, or null. On Apple platforms ⌘ is the modifier, elsewhere Ctrl. */
export function shortcutOf(event: KeyLike, apple: boolean): ShortcutCommand | null {
  const modifier = apple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!modifier || event.altKey) return null;
  if (event.key.toLowerCase() === 's' && !event.shiftKey) return 'save';
  if (event.key === 'Enter') return 'run';
  return null;
}

/** The shortcut list for the help popover. */
export function shortcutHelp(apple: boolean): Array<{ keys: string; action: string }> {
  const mod = apple ? '⌘' : 'Ctrl';
  return [
    { keys: `${mod}+S`, action: 'Save now (work is also saved automatically)' },
    { keys: `${mod}+Enter`, action: 'Run the visible tests' },
    { keys: 'Tab / Shift+Tab', action: 'In the editor: indent / outdent' },
    { keys: 'Esc, then Tab', action: 'Leave the editor with the keyboard' },
    { keys: 'Arrows, Enter, F2, Delete', action: 'In the file list: move, open, rename, delete' },
    { keys: 'Enter / Shift+Enter', action: 'In the chat: send / new line' },
  ];
}
