/**
 * Demo data, so a fresh installation has something to look at: a demo organization with an owner
 * who can sign in, credits, and two published assessments. The owner's password is random per
 * installation and written to a private file — never a well-known default, never a log line.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { hashPassword } from '../accounts/index.ts';
import { defaultDifficultyMix } from '../assessments/index.ts';
import { countOrganizations, hasOrganizationWithSlug, insertDemoOrganization } from './demo.repository.ts';

/** Sign-in e-mail of the demo owner. */
export const demoOwnerEmail = 'demo@interviewlm.local';
const demoSlug = 'demo';

/** Seeds the demo organization unless it exists (or, with `onlyWhenEmpty`, unless any organization does). */
export async function seedDemoData(
  db: Database,
  options: { logger: Logger; onlyWhenEmpty: boolean; credentialsFile: string; now?: () => Date },
): Promise<{ created: boolean }> {
  const alreadySeeded = options.onlyWhenEmpty
    ? (await countOrganizations(db)) > 0
    : await hasOrganizationWithSlug(db, demoSlug);
  if (alreadySeeded) return { created: false };

  const password = randomBytes(12).toString('base64url');
  const publishedAt = (options.now ?? (() => new Date()))();
  await insertDemoOrganization(db, {
    organization: { name: 'Demo Company', slug: demoSlug, credits: 25 },
    owner: { email: demoOwnerEmail, name: 'Demo Owner', passwordHash: await hashPassword(password) },
    assessments: [
      {
        title: 'Backend Engineer (mid-level)',
        description: 'Data structures and API-style problems, with the AI assistant as a pair programmer.',
        role: 'backend',
        seniority: 'mid',
        durationMinutes: 60,
        languages: ['python', 'javascript', 'typescript'],
        status: 'published',
        aiPolicy: 'pair_programming',
        integrityMonitoring: true,
        difficultyMix: defaultDifficultyMix.mid,
        questionCount: 3,
        questionSource: 'bank',
        adaptive: true,
        publishedAt,
      },
      {
        title: 'Senior Full-stack Engineer',
        description: 'Harder algorithmic work; the assistant explains but does not write code.',
        role: 'fullstack',
        seniority: 'senior',
        durationMinutes: 90,
        languages: ['typescript', 'python'],
        status: 'published',
        aiPolicy: 'consultant',
        integrityMonitoring: true,
        difficultyMix: defaultDifficultyMix.senior,
        questionCount: 3,
        questionSource: 'bank',
        adaptive: true,
        publishedAt,
      },
    ],
  });
  mkdirSync(path.dirname(options.credentialsFile), { recursive: true });
  writeFileSync(
    options.credentialsFile,
    `InterviewLM demo sign-in (created ${publishedAt.toISOString()})\nemail: ${demoOwnerEmail}\npassword: ${password}\n`,
    { mode: 0o600 },
  );
  options.logger.info(
    { email: demoOwnerEmail, credentialsFile: options.credentialsFile },
    'demo organization created; its sign-in is in the credentials file',
  );
  return { created: true };
}
