/** The sections of the settings page. */
import { type FormEvent, useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import { fieldErrors } from '../../api/errors.ts';
import type {
  ApiKeyView,
  AuditEntry,
  CreatedApiKey,
  CreditsAnswer,
  MembersAnswer,
  Role,
} from '../../api/types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { roleDescriptions, roles } from '../../auth/permissions.ts';
import { formatDate, formatDateTime, formatPrice, formatRelative, humanize } from '../../lib/format.ts';
import { useAction, useResource } from '../../lib/use-resource.ts';
import { Link } from '../../router/router.tsx';
import {
  Alert,
  Badge,
  Button,
  Card,
  type Column,
  ConfirmDialog,
  CopyField,
  EmptyState,
  ErrorAlert,
  Input,
  Kpi,
  Loading,
  Select,
  Table,
  useToasts,
} from '../../ui/index.ts';
import { openPaddleCheckout } from './paddle-checkout.ts';

export function OrganizationTab() {
  const auth = useAuth();
  const toasts = useToasts();
  const me = auth.me;
  const switching = useAction((organizationId: string) => auth.switchOrganization(organizationId), {
    onError: (error) => toasts.error(error, 'Could not switch organization'),
  });
  if (!me?.organization) return null;
  return (
    <div className="stack">
      <Card title="Organization">
        <dl className="definition-list">
          <dt>Name</dt>
          <dd>{me.organization.name}</dd>
          <dt>Id</dt>
          <dd className="mono break">{me.organization.organizationId}</dd>
          <dt>Your role</dt>
          <dd>
            <Badge tone="accent">{me.organization.role}</Badge>{' '}
            <span className="subtle">{roleDescriptions[me.organization.role]}</span>
          </dd>
          <dt>You</dt>
          <dd>
            {me.user.name} <span className="subtle">({me.user.email})</span>
            {me.user.isPlatformAdmin ? (
              <>
                {' '}
                <Badge tone="info">Platform operator</Badge>
              </>
            ) : null}
          </dd>
        </dl>
      </Card>
      {me.memberships.length > 1 ? (
        <Card title="Your organizations" flush>
          <ul className="list-plain" style={{ padding: 'var(--space-4) var(--space-5)' }}>
            {me.memberships.map((membership) => (
              <li key={membership.organizationId} className="row-between">
                <span>
                  {membership.name} <span className="subtle">({membership.role})</span>
                </span>
                {membership.organizationId === me.organization?.organizationId ? (
                  <Badge tone="success">Current</Badge>
                ) : (
                  <Button
                    size="sm"
                    loading={switching.busy}
                    onClick={() => void switching.run(membership.organizationId)}
                  >
                    Switch
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Alert tone="info">
        Renaming the organization and per-organization scoring weights are not available from the API yet.
      </Alert>
    </div>
  );
}

type Member = MembersAnswer['members'][number];

export function MembersTab() {
  const auth = useAuth();
  const toasts = useToasts();
  const manage = auth.can('members:manage');
  const grantable = auth.assignableRoles;
  const members = useResource(() => endpoints.members.list(), []);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('RECRUITER');
  const [link, setLink] = useState<string | undefined>();
  const [removing, setRemoving] = useState<Member | undefined>();
  const invite = useAction(async () => {
    const answer = await endpoints.members.invite(email.trim(), role);
    setLink(answer.link);
    setEmail('');
    toasts.success(`Invitation sent to ${answer.invitation.email}`);
    members.reload();
  });
  const changeRole = useAction(
    async (userId: string, next: Role) => {
      await endpoints.members.changeRole(userId, next);
      toasts.success('Role changed');
      members.reload();
      if (userId === auth.me?.user.id) await auth.refresh();
    },
    { onError: (error) => toasts.error(error, 'Role not changed') },
  );
  const remove = useAction(
    async () => {
      if (!removing) return;
      await endpoints.members.remove(removing.userId);
      toasts.success(`${removing.name} removed`);
      setRemoving(undefined);
      members.reload();
    },
    { onError: (error) => toasts.error(error, 'Not removed') },
  );
  const revokeInvitation = useAction(
    async (invitationId: string) => {
      await endpoints.members.revokeInvitation(invitationId);
      toasts.success('Invitation revoked');
      members.reload();
    },
    { onError: (error) => toasts.error(error, 'Not revoked') },
  );

  const columns: Column<Member>[] = [
    {
      key: 'name',
      header: 'Member',
      cell: (row) => (
        <span>
          <strong>{row.name}</strong>
          {row.userId === auth.me?.user.id ? <span className="subtle"> (you)</span> : null}
          <br />
          <span className="subtle break">{row.email}</span>
        </span>
      ),
    },
    {
      key: 'role',
      header: 'Role',
      cell: (row) =>
        manage && grantable.includes(row.role) ? (
          <Select
            label={`Role of ${row.name}`}
            hideLabel
            value={row.role}
            disabled={changeRole.busy}
            options={roles.map((value) => ({ value, label: value, disabled: !grantable.includes(value) }))}
            onChange={(event) => void changeRole.run(row.userId, event.target.value as Role)}
          />
        ) : (
          <Badge>{row.role}</Badge>
        ),
    },
    { key: 'since', header: 'Member since', cell: (row) => formatDate(row.since) },
    {
      key: 'actions',
      header: 'Actions',
      cell: (row) =>
        manage && grantable.includes(row.role) ? (
          <Button size="sm" variant="ghost" onClick={() => setRemoving(row)}>
            Remove
          </Button>
        ) : null,
    },
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLink(undefined);
    void invite.run();
  };

  return (
    <div className="stack">
      {manage ? (
        <Card title="Invite a teammate">
          <form className="stack" onSubmit={submit}>
            {invite.error ? <ErrorAlert error={invite.error} /> : null}
            <div className="form-grid" style={{ alignItems: 'end' }}>
              <Input
                label="Email"
                type="email"
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                error={fieldErrors(invite.error).email}
              />
              <Select
                label="Role"
                value={role}
                options={grantable.map((value) => ({
                  value,
                  label: `${value} — ${roleDescriptions[value]}`,
                }))}
                onChange={(event) => setRole(event.target.value as Role)}
              />
              <div>
                <Button type="submit" variant="primary" loading={invite.busy} loadingText="Inviting…">
                  Send invitation
                </Button>
              </div>
            </div>
            {link ? <CopyField label="Invitation link (valid 7 days; also emailed)" value={link} /> : null}
          </form>
        </Card>
      ) : null}
      <Card title="Members" flush>
        {members.error ? (
          <div className="ui-card-body">
            <ErrorAlert error={members.error} onRetry={members.reload} />
          </div>
        ) : !members.data ? (
          <Loading />
        ) : (
          <Table
            caption="Members"
            columns={columns}
            rows={members.data.members}
            rowKey={(row) => row.userId}
          />
        )}
      </Card>
      {members.data && members.data.invitations.length > 0 ? (
        <Card title="Open invitations" flush>
          <ul className="list-plain" style={{ padding: 'var(--space-4) var(--space-5)' }}>
            {members.data.invitations.map((invitation) => (
              <li key={invitation.id} className="row-between small">
                <span>
                  {invitation.email} <Badge>{invitation.role}</Badge>{' '}
                  <span className="subtle">expires {formatRelative(invitation.expiresAt)}</span>
                </span>
                {manage ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    loading={revokeInvitation.busy}
                    onClick={() => void revokeInvitation.run(invitation.id)}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <ConfirmDialog
        open={removing !== undefined}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        danger
        busy={remove.busy}
        onClose={() => setRemoving(undefined)}
        onConfirm={() => void remove.run()}
      >
        <p>They lose access to this organization at once. Their past actions stay in the audit log.</p>
      </ConfirmDialog>
    </div>
  );
}

export function ApiKeysTab() {
  const toasts = useToasts();
  const keys = useResource(() => endpoints.apiKeys.list(), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | undefined>();
  const [revoking, setRevoking] = useState<ApiKeyView | undefined>();
  const create = useAction(async () => {
    setCreated(await endpoints.apiKeys.create(name.trim(), days ? Number(days) : undefined));
    setName('');
    keys.reload();
  });
  const revoke = useAction(
    async () => {
      if (!revoking) return;
      await endpoints.apiKeys.revoke(revoking.id);
      toasts.success(`Key “${revoking.name}” revoked`);
      setRevoking(undefined);
      keys.reload();
    },
    { onError: (error) => toasts.error(error, 'Key not revoked') },
  );
  const columns: Column<ApiKeyView>[] = [
    {
      key: 'name',
      header: 'Key',
      cell: (row) => (
        <span>
          <strong>{row.name}</strong>
          <br />
          <span className="mono">{row.prefix}…</span>
        </span>
      ),
    },
    {
      key: 'state',
      header: 'State',
      cell: (row) =>
        row.revokedAt ? (
          <Badge tone="danger">Revoked</Badge>
        ) : row.expiresAt && new Date(row.expiresAt) < new Date() ? (
          <Badge tone="warning">Expired</Badge>
        ) : (
          <Badge tone="success">Active</Badge>
        ),
    },
    { key: 'created', header: 'Created', cell: (row) => formatDate(row.createdAt) },
    {
      key: 'used',
      header: 'Last used',
      cell: (row) => (row.lastUsedAt ? formatRelative(row.lastUsedAt) : 'Never'),
    },
    {
      key: 'expires',
      header: 'Expires',
      cell: (row) => (row.expiresAt ? formatDate(row.expiresAt) : 'Never'),
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (row) =>
        row.revokedAt ? null : (
          <Button size="sm" variant="ghost" onClick={() => setRevoking(row)}>
            Revoke
          </Button>
        ),
    },
  ];
  return (
    <div className="stack">
      <Card title="Create an API key">
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            setCreated(undefined);
            void create.run();
          }}
        >
          <p className="muted small">
            A key acts as a RECRUITER of this organization: send it as{' '}
            <code>Authorization: Bearer ilm_…</code>. The API is described at <a href="/docs">/docs</a>.
          </p>
          {create.error ? <ErrorAlert error={create.error} /> : null}
          <div className="form-grid" style={{ alignItems: 'end' }}>
            <Input
              label="Name"
              required
              maxLength={80}
              placeholder="ATS integration"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <Input
              label="Expires after (days, optional)"
              type="number"
              min={1}
              max={3650}
              value={days}
              onChange={(event) => setDays(event.target.value)}
            />
            <div>
              <Button type="submit" variant="primary" loading={create.busy} loadingText="Creating…">
                Create key
              </Button>
            </div>
          </div>
          {created ? (
            <Alert tone="warning" live title="Copy the key now: it is not shown again">
              <CopyField label={`Key “${created.name}”`} value={created.key} />
            </Alert>
          ) : null}
        </form>
      </Card>
      <Card title="Keys" flush>
        {keys.error ? (
          <div className="ui-card-body">
            <ErrorAlert error={keys.error} onRetry={keys.reload} />
          </div>
        ) : !keys.data ? (
          <Loading />
        ) : keys.data.keys.length === 0 ? (
          <EmptyState title="No API keys">
            Create one to connect an applicant tracking system or a script.
          </EmptyState>
        ) : (
          <Table caption="API keys" columns={columns} rows={keys.data.keys} rowKey={(row) => row.id} />
        )}
      </Card>
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke key"
        danger
        busy={revoke.busy}
        onClose={() => setRevoking(undefined)}
        onConfirm={() => void revoke.run()}
      >
        <p>Anything using this key gets 401 from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}

const LEDGER_PAGE = 25;

export function CreditsTab() {
  const auth = useAuth();
  const toasts = useToasts();
  const [offset, setOffset] = useState(0);
  const ledger = useResource(() => endpoints.credits.ledger({ limit: LEDGER_PAGE, offset }), [offset]);
  const packages = useResource(() => endpoints.credits.packages(), []);
  const [checkoutNote, setCheckoutNote] = useState<string | undefined>();
  const checkout = useAction(
    async (packageId: string) => {
      const answer = await endpoints.credits.checkout(packageId);
      const settings = packages.data?.checkout;
      if (settings) {
        // The webhook adds the credits a moment after Paddle reports the payment: look again then.
        await openPaddleCheckout(settings, answer.checkout, () => {
          toasts.info('Payment received', 'Your credits appear as soon as Paddle confirms it.');
          window.setTimeout(ledger.reload, 3_000);
        });
        toasts.info('Checkout opened', 'Credits are added as soon as Paddle confirms the payment.');
      } else {
        setCheckoutNote(
          `Online payment is not set up in this installation. Ask your platform operator to grant credits: interviewlm credits grant --org ${answer.checkout.customData.organization_id} --amount N`,
        );
      }
    },
    { onError: (error) => toasts.error(error, 'Checkout not started') },
  );

  const columns: Column<CreditsAnswer['entries'][number]>[] = [
    { key: 'date', header: 'Date', cell: (row) => formatDateTime(row.createdAt) },
    {
      key: 'kind',
      header: 'Kind',
      cell: (row) => (
        <Badge tone={row.kind === 'deduction' ? 'neutral' : row.kind === 'purchase' ? 'success' : 'info'}>
          {humanize(row.kind)}
        </Badge>
      ),
    },
    {
      key: 'amount',
      header: 'Amount',
      numeric: true,
      cell: (row) => (row.amount > 0 ? `+${row.amount}` : String(row.amount)),
    },
    { key: 'balance', header: 'Balance after', numeric: true, cell: (row) => row.balanceAfter },
    {
      key: 'reason',
      header: 'Reason',
      cell: (row) => (
        <span className="small">
          {row.reason}
          {row.candidateId ? (
            <>
              {' '}
              <Link to={`/candidates/${row.candidateId}/report`}>candidate</Link>
            </>
          ) : null}
        </span>
      ),
    },
  ];

  return (
    <div className="stack">
      <div className="grid">
        <Kpi
          label="Credits available"
          value={ledger.data ? ledger.data.balance : '…'}
          hint="One credit per candidate invited; revoking before the start refunds it."
        />
      </div>
      <Card title="Buy credits">
        {packages.error ? <ErrorAlert error={packages.error} onRetry={packages.reload} /> : null}
        {checkoutNote ? (
          <Alert tone="info" live title="Buying credits">
            {checkoutNote}
          </Alert>
        ) : null}
        {!packages.data ? (
          packages.loading ? (
            <Loading />
          ) : null
        ) : packages.data.packages.length === 0 ? (
          <p className="muted">
            No credit packs are on sale in this installation. Your platform operator can grant credits with{' '}
            <code>interviewlm credits grant</code>.
          </p>
        ) : (
          <div className="grid">
            {packages.data.packages.map((pack) => (
              <div key={pack.id} className="ui-card kpi">
                <span className="kpi-label">{pack.name}</span>
                <span className="kpi-value">{pack.credits} credits</span>
                <span className="kpi-hint">{formatPrice(pack.priceCents, pack.currency)}</span>
                {auth.can('credits:purchase') ? (
                  <Button
                    variant="primary"
                    size="sm"
                    disabled={!pack.purchasable}
                    loading={checkout.busy}
                    onClick={() => void checkout.run(pack.id)}
                    title={pack.purchasable ? undefined : 'This pack has no Paddle price configured'}
                  >
                    Buy
                  </Button>
                ) : (
                  <span className="subtle">An OWNER or ADMIN can buy credits.</span>
                )}
              </div>
            ))}
          </div>
        )}
      </Card>
      <Card title="Ledger" flush>
        {ledger.error ? (
          <div className="ui-card-body">
            <ErrorAlert error={ledger.error} onRetry={ledger.reload} />
          </div>
        ) : !ledger.data ? (
          <Loading />
        ) : ledger.data.entries.length === 0 ? (
          <EmptyState title="No credit movements yet" />
        ) : (
          <>
            <Table
              caption="Credit ledger"
              columns={columns}
              rows={ledger.data.entries}
              rowKey={(row) => row.id}
            />
            {ledger.data.total > LEDGER_PAGE ? (
              <div className="row-between" style={{ padding: 'var(--space-3) var(--space-5)' }}>
                <span className="subtle">
                  {offset + 1}–{Math.min(offset + LEDGER_PAGE, ledger.data.total)} of {ledger.data.total}
                </span>
                <div className="row">
                  <Button
                    disabled={offset === 0}
                    onClick={() => setOffset(Math.max(0, offset - LEDGER_PAGE))}
                  >
                    Previous
                  </Button>
                  <Button
                    disabled={offset + LEDGER_PAGE >= ledger.data.total}
                    onClick={() => setOffset(offset + LEDGER_PAGE)}
                  >
                    Next
                  </Button>
                </div>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}

export function AlertsTab() {
  return (
    <Card title="Alert webhooks">
      <div className="stack">
        <p>
          Alerts about failing background jobs (dead letters on critical queues, unhealthy workers) go to the
          channels your platform operator configures for the whole installation:
        </p>
        <ul className="small">
          <li>
            a generic JSON webhook signed with HMAC: <code>ALERT_WEBHOOK_URL</code> and{' '}
            <code>ALERT_WEBHOOK_SECRET</code>
          </li>
          <li>
            Slack: <code>ALERT_SLACK_WEBHOOK_URL</code>
          </li>
          <li>
            PagerDuty Events v2: <code>ALERT_PAGERDUTY_ROUTING_KEY</code>
          </li>
          <li>
            which queues are critical, deduplication and rate: <code>ALERT_CRITICAL_QUEUES</code>,{' '}
            <code>ALERT_DEDUPE_WINDOW_SECONDS</code>, <code>ALERT_MAX_PER_HOUR</code>.
          </li>
        </ul>
        <Alert tone="info">
          There is no API to manage alert channels per organization yet, so they cannot be changed from this
          page. Operators see the resulting failures on the Operations page.
        </Alert>
      </div>
    </Card>
  );
}

export function AuditTab() {
  const [action, setAction] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const before = pages.at(-1);
  const entries = useResource(
    () => endpoints.audit.list({ limit: 50, ...(before ? { before } : {}), ...(action ? { action } : {}) }),
    [before, action],
  );
  const columns: Column<AuditEntry>[] = [
    { key: 'when', header: 'When', cell: (row) => formatDateTime(row.createdAt) },
    { key: 'action', header: 'Action', cell: (row) => <code>{row.action}</code> },
    {
      key: 'who',
      header: 'By',
      cell: (row) => (
        <span className="small">
          {humanize(row.actorKind)}
          {row.ip ? <span className="subtle"> · {row.ip}</span> : null}
        </span>
      ),
    },
    {
      key: 'target',
      header: 'Target',
      cell: (row) =>
        row.targetType ? (
          <span className="small">
            {humanize(row.targetType)} <span className="mono subtle">{row.targetId?.slice(0, 8)}</span>
          </span>
        ) : (
          '—'
        ),
    },
  ];
  const list = entries.data?.entries ?? [];
  return (
    <Card title="Audit log" flush>
      <form
        className="row"
        style={{ padding: 'var(--space-4) var(--space-5)', alignItems: 'flex-end' }}
        onSubmit={(event) => {
          event.preventDefault();
          setPages([]);
        }}
      >
        <div style={{ minWidth: 240 }}>
          <Input
            label="Action"
            placeholder="e.g. candidates.invited"
            value={action}
            onChange={(event) => {
              setPages([]);
              setAction(event.target.value.trim());
            }}
          />
        </div>
      </form>
      {entries.error ? (
        <div className="ui-card-body">
          <ErrorAlert error={entries.error} onRetry={entries.reload} />
        </div>
      ) : !entries.data ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState title="No entries" />
      ) : (
        <>
          <Table caption="Audit log" columns={columns} rows={list} rowKey={(row) => row.id} />
          <div
            className="row"
            style={{ padding: 'var(--space-3) var(--space-5)', justifyContent: 'flex-end' }}
          >
            <Button disabled={pages.length === 0} onClick={() => setPages((current) => current.slice(0, -1))}>
              Newer
            </Button>
            <Button
              disabled={list.length < 50}
              onClick={() => {
                const last = list.at(-1);
                if (last) setPages((current) => [...current, new Date(last.createdAt).toISOString()]);
              }}
            >
              Older
            </Button>
          </div>
        </>
      )}
    </Card>
  );
}
