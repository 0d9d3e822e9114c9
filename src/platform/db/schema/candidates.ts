import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './accounts.ts';
import { assessments } from './assessments.ts';
import { createdAt, timestamptz, updatedAt } from './columns.ts';
import { actorKindEnum, candidateStatusEnum } from './enums.ts';

// A person invited to one assessment. Email is lowercased (CHECK) and unique per assessment, so a bulk
// invite sent twice cannot create (or charge for) the same candidate twice. An assessment with candidates
// cannot be deleted (NO ACTION): archive it instead.
export const candidates = pgTable(
  'candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    status: candidateStatusEnum('status').notNull().default('INVITED'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('candidates_assessment_id_email_key').on(t.assessmentId, t.email),
    index('candidates_organization_id_status_idx').on(t.organizationId, t.status),
    index('candidates_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    index('candidates_assessment_id_status_idx').on(t.assessmentId, t.status),
    check('candidates_email_lowercase', sql`${t.email} = lower(${t.email})`),
  ],
);
export type Candidate = typeof candidates.$inferSelect;
export type NewCandidate = typeof candidates.$inferInsert;

// Append-only history of pipeline moves (the funnel analytics and the report's timeline read it).
// from_status is NULL for the row written when the candidate is created.
export const candidateStatusHistory = pgTable(
  'candidate_status_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    fromStatus: candidateStatusEnum('from_status'),
    toStatus: candidateStatusEnum('to_status').notNull(),
    actorKind: actorKindEnum('actor_kind').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('candidate_status_history_candidate_id_at_idx').on(t.candidateId, t.at),
    index('candidate_status_history_to_status_at_idx').on(t.toStatus, t.at),
  ],
);
export type CandidateStatusHistoryEntry = typeof candidateStatusHistory.$inferSelect;
export type NewCandidateStatusHistoryEntry = typeof candidateStatusHistory.$inferInsert;

// A candidate's interview link. The token is signed and only its hash is stored. At most one live
// (unrevoked) link per candidate: issuing a new link revokes the old one in the same transaction.
export const candidateInvitations = pgTable(
  'candidate_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    sentAt: timestamptz('sent_at'),
    sendCount: integer('send_count').notNull().default(0),
    usedAt: timestamptz('used_at'),
    revokedAt: timestamptz('revoked_at'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('candidate_invitations_token_hash_key').on(t.tokenHash),
    uniqueIndex('candidate_invitations_live_candidate_key').on(t.candidateId).where(sql`revoked_at IS NULL`),
    index('candidate_invitations_candidate_id_idx').on(t.candidateId),
  ],
);
export type CandidateInvitation = typeof candidateInvitations.$inferSelect;
export type NewCandidateInvitation = typeof candidateInvitations.$inferInsert;
