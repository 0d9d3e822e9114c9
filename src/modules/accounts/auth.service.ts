/**
 * Sign-up, sign-in (argon2id, lockout after repeated failures), sign-out, switching organization
 * and password reset by an emailed single-use token. The session cookie leaves once, at sign-in; its
 * CSRF token is derived from it (tokens.service.ts), so GET /api/auth/me can repeat it; the reset
 * link goes by email; the database keeps hashes.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { passwordResetTokens } from '../../platform/db/schema/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { CreditChange, CreditChangeResult } from '../billing/index.ts';
import {
  audit,
  createUserWithOrganization,
  deleteSession,
  deleteSessionsOfUser,
  findUser,
  findUserByEmail,
  insertLoginSession,
  membershipOf,
  membershipsOf,
  organizationSlugTaken,
  recordFailedLogin,
  recordSuccessfulLogin,
  selectSessionOrganization,
  setPassword,
} from './accounts.repository.ts';
import { SESSION_IDLE_MS } from './auth-guard.routes.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { assignableRoles, can, permissions } from './permissions.ts';
import { csrfTokenFor, hashSecret, newSecret } from './tokens.service.ts';

/** Failed passwords in a row before the account is locked, and for how long. */
export const LOCKOUT = { maxFailures: 5, lockMs: 15 * 60 * 1000 } as const;
const RESET_TOKEN_MS = 60 * 60 * 1000;

/** An email to send; the mailer of the composition root delivers it (or keeps it in the outbox). */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  template: string;
  organizationId?: string | undefined;
}

export interface IssuedSession {
  /** Cookie value: shown once, stored hashed. */
  token: string;
  /** Sent back in the X-CSRF-Token header on every cookie-authenticated mutation. */
  csrfToken: string;
  expiresAt: Date;
  userId: string;
  organizationId: string | null;
}

/** A hash to verify against when the email is unknown, so both cases take the same time. */
let decoyHash: Promise<string> | undefined;

function slugOf(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base || 'organization';
}

/** Billing's `applyCreditChange`, as sign-up uses it to record the trial credits. */
export type ApplyCreditChange = (tx: Database, change: CreditChange) => Promise<CreditChangeResult>;

/** The ledger reason of the credits a new organization starts with. */
export const TRIAL_CREDITS_REASON = 'Trial credits';

/** Creates the sign-up, sign-in and password-reset use cases. */
export function createAuthService(options: {
  db: Database;
  appUrl: string;
  trialCredits: number;
  sendEmail: (email: OutgoingEmail) => Promise<unknown>;
  /**
   * Records the trial credits in the credit ledger inside the sign-up transaction, so the
   * ledger's balance_after chain starts at the trial balance. Passed in by the composition root
   * (billing's `applyCreditChange`) because billing imports accounts: importing it here would
   * make a cycle. Without it the balance is set with no ledger entry.
   */
  applyCreditChange?: ApplyCreditChange | undefined;
  now?: () => Date;
}) {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function issueSession(
    userId: string,
    organizationId: string | null,
    client: { ip?: string; userAgent?: string },
  ): Promise<IssuedSession> {
    const token = newSecret();
    const csrfToken = csrfTokenFor(token);
    const expiresAt = new Date(now().getTime() + SESSION_IDLE_MS);
    await insertLoginSession(db, {
      userId,
      organizationId,
      tokenHash: hashSecret(token),
      csrfTokenHash: hashSecret(csrfToken),
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    return { token, csrfToken, expiresAt, userId, organizationId };
  }

  async function uniqueSlug(name: string): Promise<string> {
    const base = slugOf(name);
    if (!(await organizationSlugTaken(db, base))) return base;
    return `${base}-${randomBytes(3).toString('hex')}`;
  }

  return {
    async signUp(
      input: { email: string; password: string; name: string; organizationName: string },
      client: { ip?: string; userAgent?: string },
    ) {
      if (await findUserByEmail(db, input.email)) {
        throw new AppError('CONFLICT', 'An account with this email already exists; sign in instead');
      }
      const applyCreditChange = options.applyCreditChange;
      const viaLedger = applyCreditChange !== undefined && options.trialCredits > 0;
      const { user, organization } = await createUserWithOrganization(
        db,
        {
          email: input.email,
          name: input.name,
          passwordHash: await hashPassword(input.password),
          organizationName: input.organizationName,
          slug: await uniqueSlug(input.organizationName),
          creditBalance: viaLedger ? 0 : options.trialCredits,
        },
        viaLedger
          ? async (tx, created) => {
              const result = await applyCreditChange(tx, {
                organizationId: created.organizationId,
                kind: 'adjustment',
                amount: options.trialCredits,
                reason: TRIAL_CREDITS_REASON,
                reference: 'trial',
                actor: { kind: 'system' },
              });
              // Anything but `applied` means the ledger and the balance disagree: undo the sign-up.
              if (result.status !== 'applied')
                throw new Error(`trial credits not recorded: ${result.status}`);
            }
          : undefined,
      );
      const actor = {
        kind: 'user' as const,
        userId: user.id,
        organizationId: organization.id,
        role: 'OWNER' as const,
        sessionId: '',
        isPlatformAdmin: false,
      };
      await audit(db, actor, {
        organizationId: organization.id,
        action: 'organization.created',
        targetType: 'organization',
        targetId: organization.id,
        ...(client.ip ? { ip: client.ip } : {}),
      });
      const session = await issueSession(user.id, organization.id, client);
      return { user, organization, session };
    },

    async signIn(input: { email: string; password: string }, client: { ip?: string; userAgent?: string }) {
      const user = await findUserByEmail(db, input.email);
      if (!user?.passwordHash) {
        decoyHash ??= hashPassword(newSecret());
        await verifyPassword(await decoyHash, input.password);
        throw new AppError('UNAUTHORIZED', 'Email or password is wrong');
      }
      if (user.lockedUntil && user.lockedUntil > now()) {
        const minutes = Math.ceil((user.lockedUntil.getTime() - now().getTime()) / 60_000);
        throw new AppError(
          'RATE_LIMITED',
          `Too many failed sign-ins: try again in ${minutes} minute(s), or reset your password`,
          {
            retryAfterSeconds: minutes * 60,
          },
        );
      }
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        const state = await recordFailedLogin(db, user.id, LOCKOUT.maxFailures, LOCKOUT.lockMs);
        if (state?.lockedUntil && state.lockedUntil > now()) {
          throw new AppError(
            'RATE_LIMITED',
            'Too many failed sign-ins: the account is locked for 15 minutes',
            {
              retryAfterSeconds: LOCKOUT.lockMs / 1000,
            },
          );
        }
        throw new AppError('UNAUTHORIZED', 'Email or password is wrong');
      }
      await recordSuccessfulLogin(db, user.id);
      const [first] = await membershipsOf(db, user.id);
      const session = await issueSession(user.id, first?.organizationId ?? null, client);
      return { user, session };
    },

    signOut: (sessionId: string) => deleteSession(db, sessionId),

    async switchOrganization(userId: string, sessionId: string, organizationId: string) {
      if (!(await membershipOf(db, userId, organizationId)))
        throw new AppError('NOT_FOUND', 'Organization was not found');
      await selectSessionOrganization(db, sessionId, organizationId);
    },

    async me(userId: string, organizationId: string | null) {
      const user = await findUser(db, userId);
      if (!user) throw new AppError('UNAUTHORIZED', 'Sign in first');
      const memberships = await membershipsOf(db, userId);
      const organization =
        memberships.find((membership) => membership.organizationId === organizationId) ?? null;
      // The web app shows only what the role allows from these lists, so it keeps no table of its own.
      const role = organization?.role;
      return {
        user: { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin },
        organization,
        memberships,
        permissions: role ? permissions.filter((permission) => can(role, permission)) : [],
        assignableRoles: role ? assignableRoles(role) : [],
      };
    },

    /** Always succeeds (no account enumeration); emails a link when the account exists. */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await findUserByEmail(db, email);
      if (!user) return;
      const token = newSecret();
      await db.insert(passwordResetTokens).values({
        userId: user.id,
        tokenHash: hashSecret(token),
        expiresAt: new Date(now().getTime() + RESET_TOKEN_MS),
      });
      await options.sendEmail({
        to: user.email,
        subject: 'Reset your InterviewLM password',
        text: `Someone asked to reset the password of this account. To choose a new password, open:\n\n${options.appUrl}/reset-password?token=${token}\n\nThe link works once, for one hour. If it was not you, ignore this email.`,
        template: 'password-reset',
      });
    },

    /** Uses a reset token once: sets the password and signs every session of the user out. */
    async confirmPasswordReset(token: string, password: string): Promise<void> {
      const [row] = await db
        .update(passwordResetTokens)
        .set({ usedAt: now() })
        .where(
          and(
            eq(passwordResetTokens.tokenHash, hashSecret(token)),
            isNull(passwordResetTokens.usedAt),
            gt(passwordResetTokens.expiresAt, now()),
          ),
        )
        .returning({ userId: passwordResetTokens.userId });
      if (!row) throw new AppError('GONE', 'This reset link is invalid, used or expired; ask for a new one');
      await setPassword(db, row.userId, await hashPassword(password));
      await deleteSessionsOfUser(db, row.userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
