import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseEnv } from './env.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'ilm-env-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv', () => {
  it('applies the documented defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe('localhost');
    expect(env.DATA_DIR).toBe('.data');
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('names PORT when it is not a number', () => {
    const problems = problemsOf({ PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: .*port number/);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      PORT: '70000',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'http://x',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'LOG_LEVEL',
      'PORT',
      'RATE_LIMIT_PER_MINUTE',
      'REDIS_URL',
    ]);
  });

  it('never echoes a value that may carry credentials', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://admin:hunter2@db/x',
      SESSION_SECRET: 'short-secret',
    });
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.some((problem) => problem.startsWith('SESSION_SECRET:'))).toBe(true);
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ PORT: '', DATABASE_URL: '', REDIS_URL: '' });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });
});

describe('loadConfig', () => {
  it('generates SESSION_SECRET once, stores it privately and reuses it', () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    const file = path.join(dataDir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).SESSION_SECRET).toBe(first.sessionSecret);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: tempDir() }).sessionSecret).not.toBe(first.sessionSecret);
  });

  it('prefers SESSION_SECRET from the environment', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ DATA_DIR: tempDir(), SESSION_SECRET: secret }).sessionSecret).toBe(secret);
  });

  it('derives APP_URL from the port and resolves DATA_DIR', () => {
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '4123', HOST: '0.0.0.0' });
    expect(config.appUrl).toBe('http://localhost:4123');
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(loadConfig({ DATA_DIR: dataDir, APP_URL: 'https://hire.example.com/' }).appUrl).toBe(
      'https://hire.example.com',
    );
  });
});

describe('secrets under concurrency', () => {
  it('gives processes starting together on a fresh DATA_DIR the same secret', async () => {
    const { spawn } = await import('node:child_process');
    const dataDir = tempDir();
    const script = `import { loadConfig } from ${JSON.stringify(path.resolve('src/config/env.ts'))}; process.stdout.write(loadConfig({ DATA_DIR: ${JSON.stringify(dataDir)} }).sessionSecret);`;
    const secrets = await Promise.all(
      [1, 2, 3, 4].map(
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
            });
            child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
          }),
      ),
    );
    expect(new Set(secrets).size).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).SESSION_SECRET).toBe(
      secrets[0],
    );
  });
});
