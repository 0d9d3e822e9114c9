/**
 * Candidates, their invitations (token hashes) and status history in the database. Every query of
 * an organization's data filters by its id, so another organization's candidate is simply not
 * found.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import {
  assessments,
  candidateInvitations,
  candidateStatusHistory,
  candidates,
  type NewCandidateInvitation,
  type NewCandidateStatusHistoryEntry,
  organizations,
  outboundEmails,
  users,
} from '../../platform/db/schema/index.ts';
import type { CandidateStatus } from './pipeline.ts';

/** The assessment, locked until the transaction ends (invitations to it are serialized). */
export async function lockAssessment(db: Database, organizationId: string, assessmentId: string) {
  const [row] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organizationId, organizationId)))
    .for('no key update');
  return row;
}

export async function findAssessment(db: Database, organizationId: string, assessmentId: string) {
  const [row] = await db
    .select({
      id: assessments.id,
      title: assessments.title,
      status: assessments.status,
      durationMinutes: assessments.durationMinutes,
      aiPolicy: assessments.aiPolicy,
    })
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organizationId, organizationId)));
  return row;
}

export async function organizationName(db: Database, organizationId: string): Promise<string> {
  const [row] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.name ?? 'InterviewLM';
}

/** Inserts new candidates; an email already invited to the assessment is skipped (not returned). */
export async function insertCandidates(
  db: Database,
  rows: Array<{
    organizationId: string;
    assessmentId: string;
    email: string;
    name: string;
    createdByUserId: string | null;
  }>,
) {
  if (rows.length === 0) return [];
  return db.insert(candidates).values(rows).onConflictDoNothing().returning();
}

/** Candidates of the assessment with these emails, locked, with their live invitation if any. */
export async function lockCandidatesByEmail(db: Database, assessmentId: string, emails: string[]) {
  if (emails.length === 0) return [];
  return db
    .select({ candidate: candidates, liveInvitationId: candidateInvitations.id })
    .from(candidates)
    .leftJoin(
      candidateInvitations,
      and(eq(candidateInvitations.candidateId, candidates.id), isNull(candidateInvitations.revokedAt)),
    )
    .where(and(eq(candidates.assessmentId, assessmentId), inArray(candidates.email, emails)))
    .for('update', { of: candidates });
}

/** A candidate of the organization, locked, with its live invitation (if any). */
export async function lockCandidate(db: Database, organizationId: string, candidateId: string) {
  const [row] = await db
    .select({ candidate: candidates, invitation: candidateInvitations })
    .from(candidates)
    .leftJoin(
      candidateInvitations,
      and(eq(candidateInvitations.candidateId, candidates.id), isNull(candidateInvitations.revokedAt)),
    )
    .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)))
    .for('update', { of: candidates });
  return row;
}

export async function insertStatusHistory(
  db: Database,
  rows: NewCandidateStatusHistoryEntry[],
): Promise<void> {
  if (rows.length > 0) await db.insert(candidateStatusHistory).values(rows);
}

export async function updateCandidateStatus(
  db: Database,
  candidateId: string,
  status: CandidateStatus,
  at: Date,
): Promise<void> {
  await db
    .update(candidates)
    .set({ status, statusChangedAt: at, updatedAt: at })
    .where(eq(candidates.id, candidateId));
}

/** Revokes the candidate's live invitation (a new link replaces it, or the invitation ends). */
export async function revokeLiveInvitation(db: Database, candidateId: string, at: Date): Promise<void> {
  await db
    .update(candidateInvitations)
    .set({ revokedAt: at })
    .where(and(eq(candidateInvitations.candidateId, candidateId), isNull(candidateInvitations.revokedAt)));
}

export async function insertInvitations(db: Database, rows: NewCandidateInvitation[]) {
  if (rows.length === 0) return [];
  return db.insert(candidateInvitations).values(rows).returning();
}

/** Records that the invitation email was handed to the mailer. */
export async function markInvitationSent(db: Database, invitationId: string, at: Date): Promise<void> {
  await db
    .update(candidateInvitations)
    .set({ sentAt: at, sendCount: sql`${candidateInvitations.sendCount} + 1` })
    .where(eq(candidateInvitations.id, invitationId));
}

/** Marks the link used (the candidate started); the first use is kept. */
export async function markInvitationUsed(db: Database, invitationId: string, at: Date): Promise<void> {
  await db
    .update(candidateInvitations)
    .set({ usedAt: at })
    .where(and(eq(candidateInvitations.id, invitationId), isNull(candidateInvitations.usedAt)));
}

const candidateColumns = {
  candidate: candidates,
  invitation: {
    id: candidateInvitations.id,
    expiresAt: candidateInvitations.expiresAt,
    sentAt: candidateInvitations.sentAt,
    sendCount: candidateInvitations.sendCount,
  },
};

/** The assessment's candidates with their live invitation, newest first, and how many match. */
export async function listCandidates(
  db: Database,
  filter: {
    organizationId: string;
    assessmentId: string;
    statuses?: CandidateStatus[] | undefined;
    search?: string | undefined;
    limit: number;
    offset: number;
  },
) {
  const pattern = filter.search ? `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    eq(candidates.organizationId, filter.organizationId),
    eq(candidates.assessmentId, filter.assessmentId),
    filter.statuses?.length ? inArray(candidates.status, filter.statuses) : undefined,
    pattern ? or(ilike(candidates.email, pattern), ilike(candidates.name, pattern)) : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select(candidateColumns)
      .from(candidates)
      .leftJoin(
        candidateInvitations,
        and(eq(candidateInvitations.candidateId, candidates.id), isNull(candidateInvitations.revokedAt)),
      )
      .where(where)
      .orderBy(desc(candidates.createdAt), asc(candidates.email))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ total: count() }).from(candidates).where(where),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

/** One candidate of the organization with its live invitation and assessment title. */
export async function findCandidate(db: Database, organizationId: string, candidateId: string) {
  const [row] = await db
    .select({ ...candidateColumns, assessmentTitle: assessments.title })
    .from(candidates)
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .leftJoin(
      candidateInvitations,
      and(eq(candidateInvitations.candidateId, candidates.id), isNull(candidateInvitations.revokedAt)),
    )
    .where(and(eq(candidates.id, candidateId), eq(candidates.organizationId, organizationId)));
  return row;
}

/** The candidate's status moves, oldest first, with the name of the person who made each. */
export async function statusHistory(db: Database, candidateId: string) {
  return db
    .select({
      from: candidateStatusHistory.fromStatus,
      to: candidateStatusHistory.toStatus,
      at: candidateStatusHistory.at,
      reason: candidateStatusHistory.reason,
      actorKind: candidateStatusHistory.actorKind,
      actorUserId: candidateStatusHistory.actorUserId,
      actorName: users.name,
    })
    .from(candidateStatusHistory)
    .leftJoin(users, eq(users.id, candidateStatusHistory.actorUserId))
    .where(eq(candidateStatusHistory.candidateId, candidateId))
    .orderBy(asc(candidateStatusHistory.at), asc(candidateStatusHistory.id));
}

/** The invitation emails of a candidate (by their dedupe key), newest first. */
export async function invitationEmails(db: Database, candidateId: string) {
  return db
    .select({
      id: outboundEmails.id,
      status: outboundEmails.status,
      attempts: outboundEmails.attempts,
      lastError: outboundEmails.lastError,
      sentAt: outboundEmails.sentAt,
      createdAt: outboundEmails.createdAt,
    })
    .from(outboundEmails)
    .where(like(outboundEmails.dedupeKey, `candidate-invitation:${candidateId}:%`))
    .orderBy(desc(outboundEmails.createdAt))
    .limit(20);
}

/** The invitation with this token hash, its candidate and assessment. */
export async function findInvitationByTokenHash(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ invitation: candidateInvitations, candidate: candidates, assessment: assessments })
    .from(candidateInvitations)
    .innerJoin(candidates, eq(candidates.id, candidateInvitations.candidateId))
    .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
    .where(eq(candidateInvitations.tokenHash, tokenHash));
  return row;
}
