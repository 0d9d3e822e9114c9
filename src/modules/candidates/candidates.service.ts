/**
 * Candidates and their invitations. Inviting creates the candidate, its first status entry, its
 * link (only the token's hash is stored) and charges one credit, all in one transaction, and only
 * on a published assessment. The email goes out after the commit through the mailer: a mail
 * failure never undoes an invitation, and the link is in the answer to copy. Links can be
 * renewed (resend, copy) — which replaces the old one — and revoked, which gives the credit back
 * while the candidate has not started.
 */
import type { Database } from '../../platform/db/client.ts';
import type { Assessment, Candidate, CandidateInvitation } from '../../platform/db/schema/index.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { type Actor, audit } from '../accounts/index.ts';
import { chargeForInvitations, creditBalance, type LedgerActor, refundInvitation } from '../billing/index.ts';
import {
  findAssessment,
  findCandidate,
  findInvitationByTokenHash,
  insertCandidates,
  insertInvitations,
  insertStatusHistory,
  invitationEmails,
  listCandidates,
  lockAssessment,
  lockCandidate,
  lockCandidatesByEmail,
  markInvitationSent,
  organizationName,
  revokeLiveInvitation,
  statusHistory,
  updateCandidateStatus,
} from './candidates.repository.ts';
import type { CandidateDetail, CandidateView } from './candidates.schema.ts';
import { invitationEmail } from './invitation-email.ts';
import {
  deadlineProblem,
  hashInvitationToken,
  invitationExpiry,
  invitationUrl,
  isWellFormedInvitationToken,
  newInvitationToken,
  renewedExpiry,
} from './invitation-token.ts';
import { type CandidateStatus, checkStatusMove, isLinkStage, type Mover } from './pipeline.ts';

/** Who acts on a candidate: a member or API key, or the platform (the candidate starting, a job). */
export type CandidateActor = Actor | { kind: 'system' } | { kind: 'candidate' } | { kind: 'cli' };

/** How the invitation email went. */
export interface Delivery {
  status: 'queued' | 'outbox' | 'failed' | 'not_sent';
  messageId: string | null;
}

/** One row that was not invited, and why. */
export interface InviteProblem {
  email?: string;
  line?: number;
  message: string;
}

export interface InvitedCandidate extends CandidateView {
  invitationLink: string;
  delivery: Delivery;
}

export interface InviteResult {
  invited: InvitedCandidate[];
  errors: InviteProblem[];
  summary: { total: number; invited: number; failed: number };
  credits: { charged: number; balance: number };
}

/** What the candidate side gets for a token. */
export type InvitationLookup =
  | { ok: true; candidate: Candidate; assessment: Assessment; invitation: CandidateInvitation }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'finished' };

function ledgerActor(actor: CandidateActor): LedgerActor {
  return { kind: actor.kind, userId: actor.kind === 'user' ? actor.userId : null };
}

function historyActor(actor: CandidateActor) {
  return { actorKind: actor.kind, actorUserId: actor.kind === 'user' ? actor.userId : null };
}

function moverOf(actor: CandidateActor): Mover {
  return actor.kind === 'user' || actor.kind === 'api_key' ? 'member' : 'platform';
}

function invitationState(
  invitation: { expiresAt: Date } | null,
  now: Date,
): CandidateView['invitation']['state'] {
  if (!invitation) return 'revoked';
  return invitation.expiresAt.getTime() > now.getTime() ? 'active' : 'expired';
}

function viewOf(
  candidate: Candidate,
  invitation: { expiresAt: Date; sentAt: Date | null; sendCount: number } | null,
  now: Date,
): CandidateView {
  return {
    id: candidate.id,
    assessmentId: candidate.assessmentId,
    name: candidate.name,
    email: candidate.email,
    status: candidate.status,
    statusChangedAt: candidate.statusChangedAt.toISOString(),
    createdAt: candidate.createdAt.toISOString(),
    invitation: {
      state: invitationState(invitation, now),
      expiresAt: invitation?.expiresAt.toISOString() ?? null,
      sentAt: invitation?.sentAt?.toISOString() ?? null,
      sendCount: invitation?.sendCount ?? 0,
    },
  };
}

function parseDeadline(deadline: string | undefined, now: Date, path = 'deadline'): Date | undefined {
  if (!deadline) return undefined;
  const date = new Date(deadline);
  const problem = deadlineProblem(now, date);
  if (problem)
    throw new ValidationError(`The deadline ${problem}`, [{ path: `body.${path}`, message: problem }]);
  return date;
}

/**
 * Moves a candidate along the pipeline, recording who, when and why; refuses an illegal move with
 * 409. For other modules too: the interview (IN_PROGRESS, COMPLETED) and the evaluation (EVALUATED)
 * call it with the platform as actor. Runs in its own transaction (a savepoint inside one).
 */
export async function moveCandidateStatus(
  db: Database,
  input: {
    organizationId: string;
    candidateId: string;
    to: CandidateStatus;
    actor: CandidateActor;
    reason?: string | undefined;
    now?: Date;
  },
): Promise<{ from: CandidateStatus; to: CandidateStatus; at: Date }> {
  const at = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const row = await lockCandidate(tx, input.organizationId, input.candidateId);
    if (!row) throw new NotFoundError('Candidate');
    const from = row.candidate.status;
    const check = checkStatusMove(from, input.to, moverOf(input.actor));
    if (!check.ok) throw new AppError('CONFLICT', check.reason);
    await updateCandidateStatus(tx, input.candidateId, input.to, at);
    await insertStatusHistory(tx, [
      {
        candidateId: input.candidateId,
        fromStatus: from,
        toStatus: input.to,
        reason: input.reason?.trim() || null,
        at,
        ...historyActor(input.actor),
      },
    ]);
    if (input.actor.kind !== 'candidate') {
      await audit(tx, input.actor, {
        organizationId: input.organizationId,
        action: 'candidate.status_changed',
        targetType: 'candidate',
        targetId: input.candidateId,
        data: { from, to: input.to, ...(input.reason ? { reason: input.reason } : {}) },
      });
    }
    return { from, to: input.to, at };
  });
}

/**
 * Looks up a candidate's link for the candidate side: valid while not revoked (or replaced), not
 * expired and the interview not finished. Only the hash of `token` is compared.
 */
export async function resolveInvitationToken(
  db: Database,
  token: string,
  now: Date = new Date(),
): Promise<InvitationLookup> {
  if (!isWellFormedInvitationToken(token)) return { ok: false, reason: 'unknown' };
  const row = await findInvitationByTokenHash(db, hashInvitationToken(token));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.invitation.revokedAt) return { ok: false, reason: 'revoked' };
  if (!isLinkStage(row.candidate.status)) return { ok: false, reason: 'finished' };
  if (row.invitation.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, candidate: row.candidate, assessment: row.assessment, invitation: row.invitation };
}

/** Candidate use cases for members and API keys of an organization. */
export interface CandidateService {
  /** Invites candidates to a published assessment (one credit each); rows that cannot be invited are in `errors`. */
  invite(
    actor: Actor,
    assessmentId: string,
    input: {
      candidates: Array<{ email: string; name: string; line?: number }>;
      deadline?: string | undefined;
      message?: string | undefined;
      sendEmail: boolean;
      /** Rows already refused before this call (CSV lines that did not parse). */
      errors?: InviteProblem[];
    },
  ): Promise<InviteResult>;
  list(
    actor: Actor,
    assessmentId: string,
    filter: {
      statuses?: CandidateStatus[] | undefined;
      search?: string | undefined;
      limit: number;
      offset: number;
    },
  ): Promise<{ candidates: CandidateView[]; total: number }>;
  get(actor: Actor, candidateId: string): Promise<CandidateDetail>;
  /** Emails a new link (the old one stops working). */
  resend(
    actor: Actor,
    candidateId: string,
    input: { deadline?: string | undefined; message?: string | undefined },
  ): Promise<{ invitationLink: string; expiresAt: Date; delivery: Delivery }>;
  /** A new link to copy (the old one stops working); nothing is emailed. */
  inviteLink(actor: Actor, candidateId: string): Promise<{ invitationLink: string; expiresAt: Date }>;
  /** Ends the candidate's link; the credit comes back when the candidate had not started. */
  revoke(
    actor: Actor,
    candidateId: string,
    reason: string | undefined,
  ): Promise<{ refunded: boolean; balance: number }>;
  /** A decision (ADVANCED, REJECTED, HIRED) with its reason. */
  changeStatus(
    actor: Actor,
    candidateId: string,
    to: CandidateStatus,
    reason: string | undefined,
  ): Promise<CandidateDetail>;
}

export function createCandidateService(options: {
  db: Database;
  mailer: Pick<Mailer, 'send'> & Partial<Pick<Mailer, 'devOutbox'>>;
  appUrl: string;
  logger: Logger;
  now?: () => Date;
}): CandidateService {
  const { db, mailer } = options;
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'candidates' });

  /** Hands one invitation email to the mailer; a failure is logged and reported, never thrown. */
  async function sendInvitation(input: {
    organizationId: string;
    organization: string;
    assessment: Pick<Assessment, 'title' | 'durationMinutes' | 'aiPolicy'>;
    candidate: Pick<Candidate, 'id' | 'name' | 'email'>;
    invitation: Pick<CandidateInvitation, 'id' | 'expiresAt'>;
    link: string;
    message?: string | undefined;
  }): Promise<Delivery> {
    try {
      const email = invitationEmail({
        candidateName: input.candidate.name,
        organizationName: input.organization,
        assessmentTitle: input.assessment.title,
        durationMinutes: input.assessment.durationMinutes,
        aiPolicy: input.assessment.aiPolicy,
        link: input.link,
        expiresAt: input.invitation.expiresAt,
        message: input.message,
      });
      const { id } = await mailer.send({
        to: input.candidate.email,
        ...email,
        template: 'candidate-invitation',
        organizationId: input.organizationId,
        dedupeKey: `candidate-invitation:${input.candidate.id}:${input.invitation.id}`,
      });
      await markInvitationSent(db, input.invitation.id, now()).catch((error: unknown) => {
        // The email is stored and will go out; only the "sent" mark on the link is missing.
        log.warn({ err: error, invitationId: input.invitation.id }, 'could not mark the invitation as sent');
      });
      return { status: mailer.devOutbox ? 'outbox' : 'queued', messageId: id };
    } catch (error) {
      log.warn(
        { err: error, candidateId: input.candidate.id, invitationId: input.invitation.id },
        'invitation email could not be stored; the link can still be copied or resent',
      );
      return { status: 'failed', messageId: null };
    }
  }

  /** Replaces the candidate's live link with a new one, in a transaction; the caller emails it or not. */
  async function renewLink(actor: Actor, candidateId: string, deadline: string | undefined, action: string) {
    const at = now();
    const requested = parseDeadline(deadline, at);
    return db.transaction(async (tx) => {
      const row = await lockCandidate(tx, actor.organizationId, candidateId);
      if (!row) throw new NotFoundError('Candidate');
      if (!isLinkStage(row.candidate.status)) {
        throw new AppError(
          'CONFLICT',
          `The candidate is ${row.candidate.status}: the interview is over, a link is of no use`,
        );
      }
      if (!row.invitation) {
        throw new AppError(
          'CONFLICT',
          'This invitation was revoked. Invite the candidate again to send a new link (one credit)',
        );
      }
      const { token, hash } = newInvitationToken();
      const expiresAt = renewedExpiry(at, row.invitation.expiresAt, requested);
      await revokeLiveInvitation(tx, candidateId, at);
      const [invitation] = await insertInvitations(tx, [
        {
          candidateId,
          tokenHash: hash,
          expiresAt,
          createdByUserId: actor.kind === 'user' ? actor.userId : null,
        },
      ]);
      if (!invitation) throw new Error('invitation was not created');
      // Not locked: invitations lock the assessment before candidates, this path the other way round.
      const assessment = await findAssessment(tx, actor.organizationId, row.candidate.assessmentId);
      if (!assessment) throw new NotFoundError('Assessment');
      await audit(tx, actor, {
        organizationId: actor.organizationId,
        action,
        targetType: 'candidate',
        targetId: candidateId,
        data: { expiresAt: expiresAt.toISOString() },
      });
      return {
        candidate: row.candidate,
        invitation,
        assessment,
        link: invitationUrl(options.appUrl, token),
        organization: await organizationName(tx, actor.organizationId),
      };
    });
  }

  async function detail(actor: Actor, candidateId: string): Promise<CandidateDetail> {
    const row = await findCandidate(db, actor.organizationId, candidateId);
    if (!row) throw new NotFoundError('Candidate');
    const [history, emails] = await Promise.all([
      statusHistory(db, candidateId),
      invitationEmails(db, candidateId),
    ]);
    return {
      ...viewOf(row.candidate, row.invitation, now()),
      assessment: { id: row.candidate.assessmentId, title: row.assessmentTitle },
      history: history.map((entry) => ({
        from: entry.from,
        to: entry.to,
        at: entry.at.toISOString(),
        reason: entry.reason,
        actor: { kind: entry.actorKind, userId: entry.actorUserId, name: entry.actorName },
      })),
      emails: emails.map((email) => ({
        id: email.id,
        status: email.status,
        attempts: email.attempts,
        lastError: email.lastError,
        sentAt: email.sentAt?.toISOString() ?? null,
        createdAt: email.createdAt.toISOString(),
      })),
    };
  }

  return {
    async invite(actor, assessmentId, input) {
      const at = now();
      const deadline = parseDeadline(input.deadline, at);
      const errors: InviteProblem[] = [...(input.errors ?? [])];
      // The first occurrence of an address wins; a repeat is reported, not charged.
      const seen = new Map<string, { line?: number }>();
      const wanted: Array<{ email: string; name: string; line?: number }> = [];
      for (const row of input.candidates) {
        const email = row.email.trim().toLowerCase();
        if (seen.has(email)) {
          errors.push({
            email,
            ...(row.line !== undefined ? { line: row.line } : {}),
            message: `${email} is listed twice; invited once`,
          });
          continue;
        }
        seen.set(email, row.line !== undefined ? { line: row.line } : {});
        wanted.push({ ...row, email, name: row.name.trim() });
      }
      const lineOf = (email: string) => {
        const line = seen.get(email)?.line;
        return line !== undefined ? { line } : {};
      };

      const committed = await db.transaction(async (tx) => {
        const assessment = await lockAssessment(tx, actor.organizationId, assessmentId);
        if (!assessment) throw new NotFoundError('Assessment');
        if (assessment.status === 'draft') {
          throw new AppError('CONFLICT', 'Publish the assessment before inviting candidates');
        }
        if (assessment.status === 'archived') {
          throw new AppError('CONFLICT', 'This assessment is archived and accepts no new candidates');
        }
        const inserted = await insertCandidates(
          tx,
          wanted.map((row) => ({
            organizationId: actor.organizationId,
            assessmentId,
            email: row.email,
            name: row.name,
            createdByUserId: actor.kind === 'user' ? actor.userId : null,
          })),
        );
        const insertedEmails = new Set(inserted.map((candidate) => candidate.email));
        const existing = await lockCandidatesByEmail(
          tx,
          assessmentId,
          wanted.map((row) => row.email).filter((email) => !insertedEmails.has(email)),
        );
        // A candidate whose link was revoked before starting can be invited again (charged again).
        const renewed: Candidate[] = [];
        for (const { candidate, liveInvitationId } of existing) {
          if (!liveInvitationId && candidate.status === 'INVITED') renewed.push(candidate);
          else
            errors.push({
              email: candidate.email,
              ...lineOf(candidate.email),
              message: `${candidate.email} is already invited to this assessment (${candidate.status})`,
            });
        }
        const toCharge = [...inserted, ...renewed];
        if (toCharge.length === 0) {
          return { assessment, invited: [], balance: (await creditBalance(tx, actor.organizationId)) ?? 0 };
        }
        const { balance } = await chargeForInvitations(tx, {
          organizationId: actor.organizationId,
          assessmentId,
          candidateIds: toCharge.map((candidate) => candidate.id),
          actor: ledgerActor(actor),
        });
        await insertStatusHistory(
          tx,
          inserted.map((candidate) => ({
            candidateId: candidate.id,
            fromStatus: null,
            toStatus: 'INVITED' as const,
            reason: 'Invited',
            at,
            ...historyActor(actor),
          })),
        );
        const tokens = toCharge.map(() => newInvitationToken());
        const invitations = await insertInvitations(
          tx,
          toCharge.map((candidate, index) => ({
            candidateId: candidate.id,
            tokenHash: tokens[index]?.hash ?? '',
            expiresAt: invitationExpiry(at, deadline),
            createdByUserId: actor.kind === 'user' ? actor.userId : null,
          })),
        );
        const invitationOf = new Map(invitations.map((invitation) => [invitation.candidateId, invitation]));
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'candidates.invited',
          targetType: 'assessment',
          targetId: assessmentId,
          data: {
            count: toCharge.length,
            candidateIds: inserted.map((candidate) => candidate.id),
            ...(renewed.length > 0 ? { reinvitedIds: renewed.map((candidate) => candidate.id) } : {}),
          },
        });
        return {
          assessment,
          balance,
          organization: await organizationName(tx, actor.organizationId),
          invited: toCharge.map((candidate, index) => {
            const invitation = invitationOf.get(candidate.id);
            if (!invitation) throw new Error('invitation missing');
            return { candidate, invitation, link: invitationUrl(options.appUrl, tokens[index]?.token ?? '') };
          }),
        };
      });

      // After the commit: a mail problem cannot undo an invitation. A few at a time, in order.
      const invited: InvitedCandidate[] = [];
      const batchSize = 10;
      for (let start = 0; start < committed.invited.length; start += batchSize) {
        const batch = committed.invited.slice(start, start + batchSize);
        const deliveries = await Promise.all(
          batch.map(({ candidate, invitation, link }) =>
            input.sendEmail
              ? sendInvitation({
                  organizationId: actor.organizationId,
                  organization: committed.organization ?? '',
                  assessment: committed.assessment,
                  candidate,
                  invitation,
                  link,
                  message: input.message,
                })
              : Promise.resolve<Delivery>({ status: 'not_sent', messageId: null }),
          ),
        );
        batch.forEach(({ candidate, invitation, link }, index) => {
          const delivery = deliveries[index] ?? { status: 'failed', messageId: null };
          const sent = delivery.status === 'queued' || delivery.status === 'outbox';
          invited.push({
            ...viewOf(
              candidate,
              { expiresAt: invitation.expiresAt, sentAt: sent ? now() : null, sendCount: sent ? 1 : 0 },
              at,
            ),
            invitationLink: link,
            delivery,
          });
        });
      }
      const total = invited.length + errors.length;
      return {
        invited,
        errors,
        summary: { total, invited: invited.length, failed: errors.length },
        credits: { charged: invited.length, balance: committed.balance },
      };
    },

    async list(actor, assessmentId, filter) {
      const assessment = await findAssessment(db, actor.organizationId, assessmentId);
      if (!assessment) throw new NotFoundError('Assessment');
      const { rows, total } = await listCandidates(db, {
        organizationId: actor.organizationId,
        assessmentId,
        ...filter,
      });
      const at = now();
      return { candidates: rows.map((row) => viewOf(row.candidate, row.invitation, at)), total };
    },

    get: detail,

    async resend(actor, candidateId, input) {
      const renewed = await renewLink(actor, candidateId, input.deadline, 'candidate.invitation_resent');
      const delivery = await sendInvitation({
        organizationId: actor.organizationId,
        organization: renewed.organization,
        assessment: renewed.assessment,
        candidate: renewed.candidate,
        invitation: renewed.invitation,
        link: renewed.link,
        message: input.message,
      });
      return { invitationLink: renewed.link, expiresAt: renewed.invitation.expiresAt, delivery };
    },

    async inviteLink(actor, candidateId) {
      const renewed = await renewLink(actor, candidateId, undefined, 'candidate.invitation_link_copied');
      return { invitationLink: renewed.link, expiresAt: renewed.invitation.expiresAt };
    },

    async revoke(actor, candidateId, reason) {
      const at = now();
      return db.transaction(async (tx) => {
        const row = await lockCandidate(tx, actor.organizationId, candidateId);
        if (!row) throw new NotFoundError('Candidate');
        if (!isLinkStage(row.candidate.status)) {
          throw new AppError('CONFLICT', `The candidate is ${row.candidate.status}: the interview is over`);
        }
        if (!row.invitation) throw new AppError('CONFLICT', 'This invitation is already revoked');
        await revokeLiveInvitation(tx, candidateId, at);
        // The credit pays for an interview; one that never started is given back.
        const refund =
          row.candidate.status === 'INVITED'
            ? await refundInvitation(tx, {
                organizationId: actor.organizationId,
                candidateId,
                actor: ledgerActor(actor),
                reason,
              })
            : { refunded: false, balance: await creditBalance(tx, actor.organizationId) };
        await audit(tx, actor, {
          organizationId: actor.organizationId,
          action: 'candidate.invitation_revoked',
          targetType: 'candidate',
          targetId: candidateId,
          data: { refunded: refund.refunded, status: row.candidate.status, ...(reason ? { reason } : {}) },
        });
        return { refunded: refund.refunded, balance: refund.balance ?? 0 };
      });
    },

    async changeStatus(actor, candidateId, to, reason) {
      await moveCandidateStatus(db, {
        organizationId: actor.organizationId,
        candidateId,
        to,
        actor,
        reason,
        now: now(),
      });
      return detail(actor, candidateId);
    },
  };
}
