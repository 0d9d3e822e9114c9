/**
 * What a recruiter does to one candidate, shared by the assessment page and the report: get a
 * fresh link to copy, resend the email, revoke the link, and move the candidate through the
 * pipeline (advance, reject, hire) with a reason.
 * API: GET /api/candidates/:id/invite-link, POST …/resend, POST …/revoke, POST …/status.
 */
import { useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import type { CandidateStatus, CandidateView } from '../../api/types.ts';
import { formatDateTime } from '../../lib/format.ts';
import { candidateStatusLabel, decisionsFrom } from '../../lib/labels.ts';
import { useAction } from '../../lib/use-resource.ts';
import {
  Alert,
  Button,
  ConfirmDialog,
  CopyField,
  Dialog,
  ErrorAlert,
  Textarea,
  useToasts,
} from '../../ui/index.ts';

type Open =
  | { kind: 'link' }
  | { kind: 'resend' }
  | { kind: 'revoke' }
  | { kind: 'move'; to: CandidateStatus }
  | undefined;

/** Candidate fields the actions need (a list row or the report's candidate). */
export type ActionCandidate = Pick<CandidateView, 'id' | 'name' | 'status'> & {
  invitation?: CandidateView['invitation'];
};

/** True while the candidate's link is in use (not started or started, not finished). */
export function inLinkStage(candidate: ActionCandidate): boolean {
  return candidate.status === 'INVITED' || candidate.status === 'IN_PROGRESS';
}

export function CandidateActions({
  candidate,
  onChanged,
  size = 'sm',
  canWrite,
}: {
  candidate: ActionCandidate;
  onChanged: () => void;
  size?: 'sm' | 'md';
  canWrite: boolean;
}) {
  const toasts = useToasts();
  const [open, setOpen] = useState<Open>();
  const [reason, setReason] = useState('');
  const [link, setLink] = useState<{ url: string; expiresAt: string } | undefined>();
  const close = () => {
    setOpen(undefined);
    setReason('');
    setLink(undefined);
    action.reset();
  };
  const action = useAction(async () => {
    if (!open) return;
    if (open.kind === 'link') {
      const answer = await endpoints.candidates.inviteLink(candidate.id);
      setLink({ url: answer.invitationLink, expiresAt: answer.expiresAt });
      onChanged();
      return;
    }
    if (open.kind === 'resend') {
      const answer = await endpoints.candidates.resend(candidate.id);
      toasts.success(
        answer.delivery?.status === 'outbox'
          ? 'New link created (email in the dev outbox)'
          : 'Invitation sent again',
        `The previous link no longer works. Valid until ${formatDateTime(answer.expiresAt)}.`,
      );
      setLink({ url: answer.invitationLink, expiresAt: answer.expiresAt });
      onChanged();
      return;
    }
    if (open.kind === 'revoke') {
      const answer = await endpoints.candidates.revoke(candidate.id, reason.trim() || undefined);
      toasts.success(
        'Link revoked',
        answer.refunded
          ? `The credit was refunded (balance ${answer.credits.balance}).`
          : 'The candidate had started: no refund.',
      );
      close();
      onChanged();
      return;
    }
    await endpoints.candidates.move(candidate.id, open.to, reason.trim() || undefined);
    toasts.success(`${candidate.name} is now ${candidateStatusLabel(open.to).label.toLowerCase()}`);
    close();
    onChanged();
  });

  if (!canWrite) return null;
  const linkStage = inLinkStage(candidate) && candidate.invitation?.state !== 'revoked';
  const decisions = decisionsFrom(candidate.status);

  return (
    <div className="row" style={{ gap: 'var(--space-2)' }}>
      {linkStage ? (
        <>
          <Button size={size} onClick={() => setOpen({ kind: 'link' })}>
            Copy link
          </Button>
          <Button size={size} variant="ghost" onClick={() => setOpen({ kind: 'resend' })}>
            Resend
          </Button>
          <Button size={size} variant="ghost" onClick={() => setOpen({ kind: 'revoke' })}>
            Revoke
          </Button>
        </>
      ) : null}
      {decisions.map((to) => (
        <Button
          key={to}
          size={size}
          variant={to === 'REJECTED' ? 'ghost' : 'secondary'}
          onClick={() => setOpen({ kind: 'move', to })}
        >
          {to === 'ADVANCED' ? 'Advance' : to === 'REJECTED' ? 'Reject' : 'Hire'}
        </Button>
      ))}

      <Dialog
        open={open?.kind === 'link' || open?.kind === 'resend'}
        onClose={close}
        busy={action.busy}
        title={
          open?.kind === 'resend'
            ? `Resend the invitation to ${candidate.name}`
            : `Link for ${candidate.name}`
        }
        footer={
          link ? (
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          ) : (
            <>
              <Button onClick={close} disabled={action.busy}>
                Cancel
              </Button>
              <Button variant="primary" loading={action.busy} onClick={() => void action.run()}>
                {open?.kind === 'resend' ? 'Send a new link' : 'Create a new link'}
              </Button>
            </>
          )
        }
      >
        {action.error ? <ErrorAlert error={action.error} /> : null}
        {link ? (
          <>
            <CopyField label="Invitation link" value={link.url} />
            <span className="subtle">Valid until {formatDateTime(link.expiresAt)}.</span>
          </>
        ) : (
          <Alert tone="warning">
            Links are stored only as a hash, so a new one is created: the previous link (also the one already
            emailed) stops working.
          </Alert>
        )}
      </Dialog>

      <ConfirmDialog
        open={open?.kind === 'revoke'}
        title={`Revoke the link of ${candidate.name}?`}
        confirmLabel="Revoke link"
        danger
        busy={action.busy}
        onClose={close}
        onConfirm={() => void action.run()}
      >
        {action.error ? <ErrorAlert error={action.error} /> : null}
        <p>
          The link stops working at once. If the candidate has not started, the credit is refunded. This
          cannot be undone; invite them again to give a new link.
        </p>
        <Textarea
          label="Reason (optional)"
          rows={2}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </ConfirmDialog>

      <ConfirmDialog
        open={open?.kind === 'move'}
        title={
          open?.kind === 'move'
            ? `${open.to === 'ADVANCED' ? 'Advance' : open.to === 'REJECTED' ? 'Reject' : 'Hire'} ${candidate.name}?`
            : ''
        }
        confirmLabel={open?.kind === 'move' ? candidateStatusLabel(open.to).label : 'Confirm'}
        danger={open?.kind === 'move' && open.to === 'REJECTED'}
        busy={action.busy}
        onClose={close}
        onConfirm={() => void action.run()}
      >
        {action.error ? <ErrorAlert error={action.error} /> : null}
        <p>
          The move is recorded with your name and the time.
          {open?.kind === 'move' && open.to !== 'ADVANCED' ? ' Rejected and hired are final.' : ''}
        </p>
        <Textarea
          label="Reason (optional)"
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </ConfirmDialog>
    </div>
  );
}
