/**
 * Organization settings (`/settings?tab=…`): the organization and your role, members and roles
 * (invite, change role, remove, revoke invitations), API keys (create: shown once; revoke),
 * credits (balance, ledger, packs and purchase), alert webhooks (configured by the operator), and
 * the audit log for OWNER and ADMIN.
 * API: /api/auth/me, /api/auth/organization, /api/members…, /api/api-keys…, /api/credits…, /api/audit.
 */
import { useAuth } from '../../auth/auth-context.tsx';
import { useQuery, useSetQuery } from '../../router/router.tsx';
import { PageHeader, type TabItem, Tabs } from '../../ui/index.ts';
import {
  AlertsTab,
  ApiKeysTab,
  AuditTab,
  CreditsTab,
  MembersTab,
  OrganizationTab,
} from './settings-tabs.tsx';

type Tab = 'organization' | 'members' | 'api-keys' | 'credits' | 'alerts' | 'audit';

export default function SettingsPage() {
  const auth = useAuth();
  const query = useQuery();
  const setQuery = useSetQuery();
  const tabs: TabItem<Tab>[] = [
    { id: 'organization', label: 'Organization' },
    { id: 'members', label: 'Members' },
    ...(auth.can('api-keys:manage') ? [{ id: 'api-keys' as const, label: 'API keys' }] : []),
    { id: 'credits', label: 'Credits' },
    { id: 'alerts', label: 'Alerts' },
    ...(auth.can('audit:read') ? [{ id: 'audit' as const, label: 'Audit log' }] : []),
  ];
  const requested = query.get('tab') as Tab | null;
  const active = tabs.find((tab) => tab.id === requested)?.id ?? 'organization';
  return (
    <>
      <PageHeader title="Settings" description={auth.me?.organization?.name} />
      <Tabs
        label="Settings sections"
        tabs={tabs}
        active={active}
        onChange={(tab) => setQuery({ tab: tab === 'organization' ? undefined : tab })}
      >
        {active === 'organization' ? <OrganizationTab /> : null}
        {active === 'members' ? <MembersTab /> : null}
        {active === 'api-keys' ? <ApiKeysTab /> : null}
        {active === 'credits' ? <CreditsTab /> : null}
        {active === 'alerts' ? <AlertsTab /> : null}
        {active === 'audit' ? <AuditTab /> : null}
      </Tabs>
    </>
  );
}
