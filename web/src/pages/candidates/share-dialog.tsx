/**
 * Share a report outside the organization: create a link that expires (the token is shown once),
 * see the links made so far (state, expiry, how often opened) and revoke them.
 * API: POST/GET /api/candidates/:id/report/share(s), DELETE …/shares/:shareId.
 */
import { useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import type { CreateShareResponse } from '../../api/types.ts';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { useAction, useResource } from '../../lib/use-resource.ts';
import { Badge, Button, CopyField, Dialog, ErrorAlert, Loading, Select, useToasts } from '../../ui/index.ts';

const lifetimes = [
  { value: '24', label: '1 day' },
  { value: '72', label: '3 days' },
  { value: '168', label: '1 week' },
  { value: '336', label: '2 weeks' },
  { value: '720', label: '30 days' },
];

export function ShareDialog({
  candidateId,
  open,
  onClose,
}: {
  candidateId: string;
  open: boolean;
  onClose: () => void;
}) {
  const toasts = useToasts();
  const [hours, setHours] = useState('168');
  const [created, setCreated] = useState<CreateShareResponse | undefined>();
  const shares = useResource(() => endpoints.reports.listShares(candidateId), [candidateId], {
    enabled: open,
  });
  const create = useAction(async () => {
    setCreated(await endpoints.reports.createShare(candidateId, Number(hours)));
    shares.reload();
  });
  const revoke = useAction(
    async (shareId: string) => {
      await endpoints.reports.revokeShare(candidateId, shareId);
      toasts.success('Share link revoked', 'Anyone opening it now gets “no longer available”.');
      shares.reload();
    },
    { onError: (error) => toasts.error(error, 'Could not revoke') },
  );
  const close = () => {
    setCreated(undefined);
    create.reset();
    onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      busy={create.busy}
      wide
      title="Share the report"
      footer={
        <Button variant="primary" onClick={close}>
          Done
        </Button>
      }
    >
      <p className="muted">
        A read-only copy of the report (without the candidate's email) for people outside your organization.
        The link is shown once; revoke it here at any time.
      </p>
      {create.error ? <ErrorAlert error={create.error} /> : null}
      {created ? (
        <div className="stack-sm">
          <CopyField label="Web page (HTML)" value={`${created.url}/html`} />
          <CopyField label="PDF" value={`${created.url}/pdf`} />
          <CopyField label="JSON (for tools)" value={created.url} />
          <span className="subtle">Valid until {formatDateTime(created.expiresAt)}.</span>
        </div>
      ) : (
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <div style={{ minWidth: 180 }}>
            <Select
              label="Valid for"
              value={hours}
              options={lifetimes}
              onChange={(event) => setHours(event.target.value)}
            />
          </div>
          <Button
            variant="primary"
            loading={create.busy}
            loadingText="Creating…"
            onClick={() => void create.run()}
          >
            Create link
          </Button>
        </div>
      )}
      <div className="stack-sm">
        <strong>Links of this report</strong>
        {shares.error ? <ErrorAlert error={shares.error} onRetry={shares.reload} /> : null}
        {!shares.data ? (
          shares.loading ? (
            <Loading />
          ) : null
        ) : shares.data.shares.length === 0 ? (
          <p className="subtle">None yet.</p>
        ) : (
          <ul className="list-plain">
            {shares.data.shares.map((share) => (
              <li key={share.id} className="row-between small">
                <span className="row">
                  <Badge tone={share.state === 'active' ? 'success' : 'neutral'}>
                    {humanize(share.state)}
                  </Badge>
                  <span>
                    created {formatDateTime(share.createdAt)}
                    {share.createdBy.name ? ` by ${share.createdBy.name}` : ''} · expires{' '}
                    {formatDateTime(share.expiresAt)} · opened {share.accessCount}×
                  </span>
                </span>
                {share.state === 'active' ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    loading={revoke.busy}
                    onClick={() => void revoke.run(share.id)}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
