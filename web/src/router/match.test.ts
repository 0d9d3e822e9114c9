import { describe, expect, it } from 'vitest';
import { buildPath, matchPath, safeNextPath } from './match.ts';

describe('route patterns', () => {
  it('match segments and params', () => {
    expect(matchPath('/assessments/:id', '/assessments/42')).toEqual({ id: '42' });
    expect(matchPath('/assessments/:id', '/assessments/42/')).toEqual({ id: '42' });
    expect(matchPath('/assessments/:id', '/assessments')).toBeNull();
    expect(matchPath('/assessments/:id', '/assessments/42/edit')).toBeNull();
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/interview/:token', '/interview/a%20b')).toEqual({ token: 'a b' });
    expect(matchPath('/files/*', '/files/a/b.txt')).toEqual({ '*': 'a/b.txt' });
  });

  it('build paths with params and a query', () => {
    expect(buildPath('/candidates/:id/replay', { id: 'c/1' }, { seq: 12, empty: '' })).toBe(
      '/candidates/c%2F1/replay?seq=12',
    );
    expect(() => buildPath('/candidates/:id', {})).toThrow(/missing param id/);
  });

  it('only return to local paths after sign-in', () => {
    expect(safeNextPath('/assessments?status=draft')).toBe('/assessments?status=draft');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
