/**
 * The logger's own redaction: URLs keep their shape and ids but lose their tokens, free text loses
 * connection-string passwords and bearer values, and a real logger line shows neither.
 * (test/security/secrets-in-logs.int.test.ts checks the whole platform's log.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redactText, redactUrl } from './logger.ts';

const token = 'Zq3xv9Lk2Pw8Rt5Yb1Nc7Md4Hf6Jg0Ks3Ad5Ee7Ui9O';
const id = '3f2b8c1e-4a5d-4e6f-8a7b-9c0d1e2f3a4b';

describe('redactUrl', () => {
  it('replaces the invitation and share tokens in paths', () => {
    expect(redactUrl(`/api/interview/start/${token}`)).toBe('/api/interview/start/[redacted]');
    expect(redactUrl(`/interview/${token}`)).toBe('/interview/[redacted]');
    expect(redactUrl(`/api/reports/shared/${token}/pdf`)).toBe('/api/reports/shared/[redacted]/pdf');
    expect(redactUrl(`/reports/shared/${token}`)).toBe('/reports/shared/[redacted]');
  });

  it('replaces secret query values and any other token-like segment, keeping ids', () => {
    expect(redactUrl(`/join?token=${token}&from=mail`)).toBe('/join?token=[redacted]&from=mail');
    expect(redactUrl(`/reset-password?token=${token}`)).toBe('/reset-password?token=[redacted]');
    expect(redactUrl(`/api/somewhere/${token}`)).toBe('/api/somewhere/[redacted]');
    expect(redactUrl(`/api/interview/${id}/file?path=solution.py`)).toBe(
      `/api/interview/${id}/file?path=solution.py`,
    );
  });
});

describe('redactText', () => {
  it('removes passwords of connection strings, bearer values and our credential formats', () => {
    const text = redactText(
      'connect postgres://app:s3cretPw@db:5432/x failed; smtp://mailer:pw2@mail; Bearer abc.def; ilmc_AbCdEfGh12345; ilm_ab12cd34_secretsecret; sk-ant-api03-xyz12345678',
    );
    expect(text).not.toMatch(/s3cretPw|pw2|abc\.def|ilmc_AbCd|secretsecret|xyz12345678/);
    expect(text).toContain('postgres://app:[redacted]@db:5432/x');
  });
});

describe('createLogger', () => {
  it('writes request URLs, headers and errors without their secrets', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ilm-logger-')), 'out.log');
    const logger = createLogger({ level: 'debug', destination: file });
    logger.info(
      {
        req: { method: 'GET', url: `/api/interview/start/${token}`, headers: { authorization: 'Bearer x' } },
      },
      'incoming request',
    );
    logger.error({ err: new Error('could not connect to redis://:hunter2pw@cache:6379') }, 'failed');
    logger.info({ user: { password: 'hunter3pw', csrfToken: 'csrf-value-1' } }, 'nested');
    logger.flush();
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('/api/interview/start/[redacted]');
    expect(written).not.toMatch(new RegExp(`${token}|hunter2pw|hunter3pw|csrf-value-1`));
  });
});
