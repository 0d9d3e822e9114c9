/**
 * Assessing a session's integrity (PRODUCT.md §7): fingerprint its final code, store the
 * fingerprints so later candidates are compared with it, find the closest earlier candidate of each
 * question in the organization, and turn the recorded events and those matches into signals and a
 * risk level. Idempotent: a re-run (a retried evaluation job) rewrites the same rows and gives the
 * same report as long as no other session was fingerprinted in between.
 */
import type { Database } from '../../platform/db/client.ts';
import type { ProgrammingLanguage } from '../../platform/db/schema/enums.ts';
import type { IntegrityReport } from '../../platform/db/schema/types.ts';
import {
  type FingerprintRow,
  listIntegrityEvents,
  listOtherFingerprints,
  listQuestionStarters,
  upsertFingerprints,
} from './integrity.repository.ts';
import { assessIntegrity, findBestMatch, type QuestionSimilarity } from './integrity-signals.ts';
import { FINGERPRINT_VERSION, fingerprint, normalizedHash } from './winnowing.ts';

/**
 * How many other sessions of one question are compared, newest first: bounds the work of a very
 * popular bank question (each comparison is a set intersection of a few hundred numbers).
 */
export const MAX_COMPARED_SESSIONS = 2000;

/** What the evaluation hands over: the session, the assessment's monitoring flag and each question's final code. */
export interface AssessSessionIntegrityInput {
  sessionId: string;
  organizationId: string;
  integrityMonitoring: boolean;
  /** One entry per question (the main file at submission); a repeated question keeps its last entry. */
  finalCode: Array<{ questionId: string; language: ProgrammingLanguage; code: string }>;
}

/** Stores the session's code fingerprints and returns its integrity report (signals with reasons and a risk level). */
export async function assessSessionIntegrity(
  db: Database,
  input: AssessSessionIntegrityInput,
): Promise<IntegrityReport> {
  const byQuestion = new Map(input.finalCode.map((entry) => [entry.questionId, entry]));
  const rows: FingerprintRow[] = [...byQuestion.values()].map((entry) => ({
    organizationId: input.organizationId,
    sessionId: input.sessionId,
    questionId: entry.questionId,
    language: entry.language,
    fingerprints: fingerprint(entry.code, entry.language),
    normalizedHash: normalizedHash(entry.code, entry.language),
  }));
  await upsertFingerprints(db, rows);

  const [starters, events] = await Promise.all([
    listQuestionStarters(
      db,
      rows.map((row) => row.questionId),
    ),
    listIntegrityEvents(db, input.sessionId),
  ]);
  const similarities: QuestionSimilarity[] = await Promise.all(
    rows.map(async (row) => {
      const question = starters.find((entry) => entry.id === row.questionId);
      const starterFiles = question?.starterFiles ?? [];
      const others = await listOtherFingerprints(db, {
        organizationId: input.organizationId,
        questionId: row.questionId,
        excludeSessionId: input.sessionId,
        versionPrefix: `${FINGERPRINT_VERSION}:`,
        limit: MAX_COMPARED_SESSIONS,
      });
      const match = findBestMatch(row, others, {
        fingerprints: starterFiles.flatMap((file) => fingerprint(file.content, row.language)),
        normalizedHashes: starterFiles.map((file) => normalizedHash(file.content, row.language)),
      });
      return { questionId: row.questionId, title: question?.title, match };
    }),
  );

  return assessIntegrity({ events, integrityMonitoring: input.integrityMonitoring, similarities });
}
