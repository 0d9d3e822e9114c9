/**
 * Invite candidates to a published assessment: one person, a pasted list (sent in batches of 200
 * with a progress bar), or a CSV file. Every invitation costs one credit; links can always be
 * copied from the result, whether or not the email went out.
 * API: POST /api/assessments/:id/candidates (one or a list), POST …/candidates/csv.
 */
import { useRef, useState } from 'react';
import { endpoints, type InviteOptions } from '../../api/endpoints.ts';
import { ApiError, fieldErrors } from '../../api/errors.ts';
import type { InviteResponse } from '../../api/types.ts';
import { MAX_BULK_CANDIDATES, parseCandidateLines } from '../../lib/candidate-lines.ts';
import { endOfDayIso } from '../../lib/format.ts';
import { Link } from '../../router/router.tsx';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  CopyField,
  copyText,
  Dialog,
  ErrorAlert,
  Input,
  Progress,
  Tabs,
  Textarea,
  useToasts,
} from '../../ui/index.ts';

type Mode = 'one' | 'many' | 'csv';

/** Results of one or more requests, merged. */
interface Outcome {
  invited: InviteResponse['invited'];
  errors: InviteResponse['errors'];
  charged: number;
  balance: number | undefined;
  /** The failure that stopped the remaining batches (e.g. out of credits). */
  stoppedBy?: unknown;
}

function merge(outcome: Outcome, answer: InviteResponse): Outcome {
  return {
    invited: [...outcome.invited, ...answer.invited],
    errors: [...outcome.errors, ...answer.errors],
    charged: outcome.charged + answer.credits.charged,
    balance: answer.credits.balance,
  };
}

const emptyOutcome: Outcome = { invited: [], errors: [], charged: 0, balance: undefined };

const deliveryLabel: Record<string, { label: string; tone: 'success' | 'info' | 'danger' | 'neutral' }> = {
  queued: { label: 'Email queued', tone: 'success' },
  outbox: { label: 'In dev outbox', tone: 'info' },
  failed: { label: 'Email failed', tone: 'danger' },
  not_sent: { label: 'Not emailed', tone: 'neutral' },
};

export function InviteDialog({
  assessmentId,
  open,
  onClose,
  onInvited,
}: {
  assessmentId: string;
  open: boolean;
  onClose: () => void;
  onInvited: () => void;
}) {
  const toasts = useToasts();
  const [mode, setMode] = useState<Mode>('one');
  const [one, setOne] = useState({ name: '', email: '' });
  const [many, setMany] = useState('');
  const [csv, setCsv] = useState<{ name: string; text: string } | undefined>();
  const [deadline, setDeadline] = useState('');
  const [message, setMessage] = useState('');
  const [sendEmail, setSendEmail] = useState(true);
  const [progress, setProgress] = useState<{ label: string; value?: number } | undefined>();
  const [error, setError] = useState<unknown>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  const parsed = parseCandidateLines(many);
  const busy = progress !== undefined;

  const reset = () => {
    setOutcome(undefined);
    setError(undefined);
    setOne({ name: '', email: '' });
    setMany('');
    setCsv(undefined);
    if (fileInput.current) fileInput.current.value = '';
  };

  const close = () => {
    if (busy) return;
    reset();
    onClose();
  };

  const options = (): InviteOptions => ({
    sendEmail,
    ...(message.trim() ? { message: message.trim() } : {}),
    ...(deadline ? { deadline: endOfDayIso(deadline) } : {}),
  });

  const submit = async () => {
    setError(undefined);
    try {
      if (mode === 'one') {
        setProgress({ label: 'Inviting…' });
        const answer = await endpoints.candidates.inviteOne(
          assessmentId,
          { name: one.name.trim(), email: one.email.trim() },
          options(),
        );
        setOutcome(merge(emptyOutcome, answer));
      } else if (mode === 'many') {
        if (parsed.candidates.length === 0) {
          setError(new Error('List at least one person: one per line, as "Name <email>" or "Name, email".'));
          return;
        }
        const batches: Array<typeof parsed.candidates> = [];
        for (let start = 0; start < parsed.candidates.length; start += MAX_BULK_CANDIDATES) {
          batches.push(parsed.candidates.slice(start, start + MAX_BULK_CANDIDATES));
        }
        let merged = emptyOutcome;
        for (const [index, batch] of batches.entries()) {
          setProgress({
            label: `Inviting ${parsed.candidates.length} candidates (batch ${index + 1} of ${batches.length})…`,
            value: index / batches.length,
          });
          try {
            merged = merge(merged, await endpoints.candidates.inviteMany(assessmentId, batch, options()));
          } catch (batchError) {
            if (index === 0) throw batchError;
            merged = { ...merged, stoppedBy: batchError };
            break;
          }
        }
        setOutcome(merged);
      } else {
        if (!csv) {
          setError(new Error('Choose a CSV file first.'));
          return;
        }
        setProgress({ label: `Reading ${csv.name} and inviting…` });
        setOutcome(
          merge(emptyOutcome, await endpoints.candidates.inviteCsv(assessmentId, csv.text, options())),
        );
      }
      onInvited();
    } catch (failure) {
      setError(failure);
    } finally {
      setProgress(undefined);
    }
  };

  const errors = fieldErrors(error);
  const outOfCredits = error instanceof ApiError && error.status === 402;
  const copyAll = async () => {
    if (!outcome) return;
    const lines = [
      'name,email,link',
      ...outcome.invited.map((row) => `"${row.name.replace(/"/g, '""')}",${row.email},${row.invitationLink}`),
    ];
    if (await copyText(lines.join('\n'))) toasts.success('Links copied', 'Paste them into a spreadsheet.');
    else toasts.info('The browser refused to copy', 'Copy the links one by one below.');
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      busy={busy}
      wide
      title={outcome ? 'Invitations' : 'Invite candidates'}
      footer={
        outcome ? (
          <>
            <Button onClick={reset}>Invite more</Button>
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button variant="primary" onClick={() => void submit()} loading={busy}>
              {mode === 'many' && parsed.candidates.length > 0
                ? `Invite ${parsed.candidates.length} candidate${parsed.candidates.length === 1 ? '' : 's'}`
                : 'Invite'}
            </Button>
          </>
        )
      }
    >
      {outcome ? (
        <InviteResult outcome={outcome} onCopyAll={() => void copyAll()} />
      ) : (
        <>
          <Alert tone="info">
            Each invitation uses one credit (refunded if you revoke it before the candidate starts). The link
            works for one candidate; you can copy it afterwards, emailed or not.
          </Alert>
          {error ? (
            outOfCredits ? (
              <Alert
                tone="danger"
                live
                title="Not enough credits"
                actions={<Link to="/settings?tab=credits">Buy credits</Link>}
              >
                {(error as ApiError).message}
              </Alert>
            ) : (
              <ErrorAlert error={error} />
            )
          ) : null}
          <Tabs
            label="How to invite"
            active={mode}
            onChange={(next) => {
              setMode(next);
              setError(undefined);
            }}
            tabs={[
              { id: 'one', label: 'One person' },
              { id: 'many', label: 'A list' },
              { id: 'csv', label: 'CSV file' },
            ]}
          >
            <fieldset className="ui-fieldset" disabled={busy} style={{ gap: 'var(--space-4)' }}>
              <legend className="sr-only">Candidates</legend>
              {mode === 'one' ? (
                <div className="form-grid">
                  <Input
                    label="Name"
                    required
                    autoComplete="off"
                    value={one.name}
                    onChange={(event) => setOne({ ...one, name: event.target.value })}
                    error={errors.name}
                  />
                  <Input
                    label="Email"
                    type="email"
                    required
                    autoComplete="off"
                    value={one.email}
                    onChange={(event) => setOne({ ...one, email: event.target.value })}
                    error={errors.email}
                  />
                </div>
              ) : null}
              {mode === 'many' ? (
                <div className="stack-sm">
                  <Textarea
                    label="People to invite"
                    hint={`One per line: "Ada Lovelace <ada@example.com>", "Ada Lovelace, ada@example.com" or just an email. Lists over ${MAX_BULK_CANDIDATES} are sent in batches.`}
                    rows={8}
                    value={many}
                    onChange={(event) => setMany(event.target.value)}
                    error={errors.candidates}
                  />
                  <span className="small" aria-live="polite">
                    {parsed.candidates.length} ready to invite
                    {parsed.problems.length > 0 ? `, ${parsed.problems.length} line(s) to fix:` : ''}
                  </span>
                  {parsed.problems.length > 0 ? (
                    <ul className="small" style={{ margin: 0 }}>
                      {parsed.problems.slice(0, 8).map((problem) => (
                        <li key={`${problem.line}-${problem.message}`}>
                          {problem.line > 0 ? `Line ${problem.line}: ` : ''}
                          {problem.message}
                        </li>
                      ))}
                      {parsed.problems.length > 8 ? <li>…and {parsed.problems.length - 8} more</li> : null}
                    </ul>
                  ) : null}
                </div>
              ) : null}
              {mode === 'csv' ? (
                <div className="ui-field">
                  <label className="ui-label" htmlFor="invite-csv">
                    Spreadsheet file (.csv)
                  </label>
                  <input
                    id="invite-csv"
                    ref={fileInput}
                    type="file"
                    accept=".csv,text/csv,text/plain"
                    aria-describedby="invite-csv-hint"
                    onChange={async (event) => {
                      const file = event.target.files?.[0];
                      if (!file) return setCsv(undefined);
                      if (file.size > 1_000_000) {
                        setError(new Error('The file is over 1 MB: split it into smaller files.'));
                        return;
                      }
                      setCsv({ name: file.name, text: await file.text() });
                    }}
                  />
                  <span id="invite-csv-hint" className="ui-hint">
                    Columns name and email (a header row is optional; first and last name columns work too),
                    up to {MAX_BULK_CANDIDATES} rows. Lines with problems are reported and skipped.
                  </span>
                </div>
              ) : null}
              <div className="form-grid">
                <Input
                  label="Link valid until (optional)"
                  type="date"
                  value={deadline}
                  min={new Date().toISOString().slice(0, 10)}
                  onChange={(event) => setDeadline(event.target.value)}
                  hint="Default: 30 days from today."
                  error={errors.deadline}
                />
                <div className="ui-field">
                  <span className="ui-label">Delivery</span>
                  <Checkbox
                    label="Email the invitation"
                    description="Untick to only create links and send them yourself."
                    checked={sendEmail}
                    onChange={(event) => setSendEmail(event.target.checked)}
                  />
                </div>
              </div>
              {sendEmail ? (
                <Textarea
                  label="Personal note (optional)"
                  rows={3}
                  maxLength={2000}
                  value={message}
                  onChange={(event) => setMessage(event.target.value)}
                  error={errors.message}
                />
              ) : null}
            </fieldset>
          </Tabs>
          {progress ? <Progress label={progress.label} value={progress.value} /> : null}
        </>
      )}
    </Dialog>
  );
}

function InviteResult({ outcome, onCopyAll }: { outcome: Outcome; onCopyAll: () => void }) {
  const single = outcome.invited.length === 1 ? outcome.invited[0] : undefined;
  return (
    <div className="stack">
      <Alert
        tone={outcome.invited.length > 0 ? (outcome.errors.length > 0 ? 'warning' : 'success') : 'danger'}
        live
        title={`${outcome.invited.length} invited${outcome.errors.length > 0 ? `, ${outcome.errors.length} not invited` : ''}`}
      >
        {outcome.charged} credit{outcome.charged === 1 ? '' : 's'} used
        {outcome.balance !== undefined ? `; ${outcome.balance} left` : ''}.
      </Alert>
      {outcome.stoppedBy ? (
        <ErrorAlert error={outcome.stoppedBy} title="The remaining batches were not sent" />
      ) : null}
      {single ? (
        <CopyField label={`Invitation link for ${single.name}`} value={single.invitationLink} />
      ) : outcome.invited.length > 1 ? (
        <div className="stack-sm">
          <div className="row-between">
            <strong>Links</strong>
            <Button size="sm" onClick={onCopyAll}>
              Copy all (CSV)
            </Button>
          </div>
          <ul className="list-plain" style={{ maxHeight: 280, overflowY: 'auto' }}>
            {outcome.invited.map((row) => (
              <li key={row.id} className="row-between small">
                <span>
                  {row.name} <span className="subtle">{row.email}</span>
                </span>
                <span className="row">
                  <Badge tone={deliveryLabel[row.delivery.status]?.tone ?? 'neutral'}>
                    {deliveryLabel[row.delivery.status]?.label ?? row.delivery.status}
                  </Badge>
                  <Button
                    size="sm"
                    onClick={() => void copyText(row.invitationLink)}
                    aria-label={`Copy the link of ${row.name}`}
                  >
                    Copy link
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {single ? (
        <span className="small">
          <Badge tone={deliveryLabel[single.delivery.status]?.tone ?? 'neutral'}>
            {deliveryLabel[single.delivery.status]?.label ?? single.delivery.status}
          </Badge>{' '}
          {single.delivery.status === 'outbox'
            ? 'No SMTP is configured: the email waits in the development outbox; send the link yourself.'
            : single.delivery.status === 'failed'
              ? 'The email could not be sent: send the link yourself, or Resend later.'
              : ''}
        </span>
      ) : null}
      {outcome.errors.length > 0 ? (
        <div className="stack-sm">
          <strong>Not invited</strong>
          <ul className="small" style={{ margin: 0 }}>
            {outcome.errors.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one answer, never reordered.
              <li key={`${row.line ?? ''}-${row.email ?? ''}-${index}`}>
                {row.line ? `Line ${row.line}: ` : ''}
                {row.email ? `${row.email} — ` : ''}
                {row.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
