/**
 * HTTP contracts of candidates and invitations: invite one or many (up to 200), by CSV, the list
 * filters, status moves, and the answers. Pure.
 */
import { z } from 'zod';
import { candidateStatuses } from './pipeline.ts';

/** Most candidates one request may invite. */
export const MAX_BULK_CANDIDATES = 200;

export const CandidateStatusSchema = z.enum(candidateStatuses, {
  error: `must be one of: ${candidateStatuses.join(', ')}`,
});

const EmailSchema = z
  .string()
  .trim()
  .max(254, 'at most 254 characters')
  .pipe(z.email('must be an email address'))
  .transform((email) => email.toLowerCase());

const NameSchema = z.string().trim().min(1, 'the name is required').max(200, 'at most 200 characters');

/** One person to invite. */
export const CandidateInputSchema = z.object({ email: EmailSchema, name: NameSchema });
export type CandidateInput = z.infer<typeof CandidateInputSchema>;

/** Options of an invitation, for one candidate or a batch. */
const InviteOptionsShape = {
  /** When the link stops working (ISO 8601); default 30 days from now. */
  deadline: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-01-31T17:00:00Z' })
    .optional(),
  /** A personal note added to the email. */
  message: z.string().trim().max(2000, 'at most 2000 characters').optional(),
  /** false: create the links without emailing them (copy them from the answer). */
  sendEmail: z.boolean().default(true),
};

/**
 * The body of POST /api/assessments/:id/candidates: one candidate (`email`, `name`) or many
 * (`candidates: [...]`, 1 to 200), with shared options.
 */
export const InviteBodySchema = z
  .object({
    email: EmailSchema.optional(),
    name: NameSchema.optional(),
    candidates: z
      .array(CandidateInputSchema)
      .min(1, 'list at least one candidate')
      .max(MAX_BULK_CANDIDATES, `at most ${MAX_BULK_CANDIDATES} candidates per request`)
      .optional(),
    ...InviteOptionsShape,
  })
  .superRefine((body, ctx) => {
    if (body.candidates) {
      if (body.email !== undefined || body.name !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['candidates'],
          message: 'send either one candidate (email, name) or a list (candidates), not both',
        });
      }
      return;
    }
    if (body.email === undefined)
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'the email is required' });
    if (body.name === undefined)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'the name is required' });
  });
export type InviteBody = z.infer<typeof InviteBodySchema>;

/** The JSON form of a CSV upload; text/csv bodies take the same options from the query string. */
export const CsvJsonBodySchema = z.object({
  csv: z.string().min(1, 'the CSV is empty').max(1_000_000, 'at most 1 MB'),
  ...InviteOptionsShape,
});

/** Options of a text/csv upload, in the query string. */
export const CsvQuerySchema = z.object({
  deadline: InviteOptionsShape.deadline,
  message: InviteOptionsShape.message,
  sendEmail: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
});

/** Filters of the candidate list. */
export const CandidateListQuerySchema = z.object({
  /** One status or several, comma-separated. */
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const list = value.split(',').map((part) => part.trim().toUpperCase());
      for (const status of list) {
        if (!(candidateStatuses as readonly string[]).includes(status)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown status ${status}; use ${candidateStatuses.join(', ')}`,
          });
          return z.NEVER;
        }
      }
      return list as Array<(typeof candidateStatuses)[number]>;
    }),
  /** Part of a name or email. */
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** The body of POST /api/candidates/:id/status. */
export const StatusMoveBodySchema = z.object({
  /** ADVANCED, REJECTED or HIRED; the other statuses are set by the platform (409 here). */
  status: CandidateStatusSchema,
  reason: z.string().trim().max(2000, 'at most 2000 characters').optional(),
});

/** The body of POST /api/candidates/:id/revoke. */
export const RevokeBodySchema = z.object({ reason: z.string().trim().max(2000).optional() }).default({});

/** The body of POST /api/candidates/:id/resend. */
export const ResendBodySchema = z
  .object({ deadline: InviteOptionsShape.deadline, message: InviteOptionsShape.message })
  .default({});

export const IdParamsSchema = z.object({ id: z.uuid('must be a UUID') });

/** How a candidate's link stands. */
export const InvitationStateSchema = z.enum(['active', 'expired', 'revoked']);

export const InvitationSummarySchema = z.object({
  state: InvitationStateSchema,
  expiresAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  sendCount: z.number().int(),
});

/** How the invitation email went: queued for SMTP, kept in the development outbox, failed, or not sent. */
export const DeliverySchema = z.object({
  status: z.enum(['queued', 'outbox', 'failed', 'not_sent']),
  messageId: z.string().nullable(),
});

export const CandidateViewSchema = z.object({
  id: z.string(),
  assessmentId: z.string(),
  name: z.string(),
  email: z.string(),
  status: CandidateStatusSchema,
  statusChangedAt: z.string(),
  createdAt: z.string(),
  invitation: InvitationSummarySchema,
});
export type CandidateView = z.infer<typeof CandidateViewSchema>;

export const InvitedCandidateSchema = CandidateViewSchema.extend({
  /** The link to copy: shown now, never again (only its hash is stored). */
  invitationLink: z.string(),
  delivery: DeliverySchema,
});

export const InviteErrorSchema = z.object({
  email: z.string().optional(),
  line: z.number().int().optional(),
  message: z.string(),
});

export const InviteResponseSchema = z.object({
  success: z.literal(true),
  invited: z.array(InvitedCandidateSchema),
  errors: z.array(InviteErrorSchema),
  summary: z.object({ total: z.number().int(), invited: z.number().int(), failed: z.number().int() }),
  credits: z.object({ charged: z.number().int(), balance: z.number().int() }),
});

export const HistoryEntrySchema = z.object({
  from: CandidateStatusSchema.nullable(),
  to: CandidateStatusSchema,
  at: z.string(),
  reason: z.string().nullable(),
  actor: z.object({ kind: z.string(), userId: z.string().nullable(), name: z.string().nullable() }),
});

export const CandidateDetailSchema = CandidateViewSchema.extend({
  assessment: z.object({ id: z.string(), title: z.string() }),
  history: z.array(HistoryEntrySchema),
  emails: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      sentAt: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type CandidateDetail = z.infer<typeof CandidateDetailSchema>;

export const LinkResponseSchema = z.object({
  success: z.literal(true),
  invitationLink: z.string(),
  expiresAt: z.string(),
  delivery: DeliverySchema.optional(),
});
