/**
 * The console's frame: a sidebar (a menu button on small screens) with the sections the role may
 * see, the organization switcher and sign-out, and the page in a <main> that a skip link reaches.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { useAuth } from '../auth/auth-context.tsx';
import { Link, useLocation } from '../router/router.tsx';
import { Button, Select, useToasts } from '../ui/index.ts';

interface NavItem {
  to: string;
  label: string;
  /** Other path prefixes that belong to this section. */
  matches?: string[];
}

function isCurrent(item: NavItem, pathname: string): boolean {
  if (item.to === '/') return pathname === '/';
  return [item.to, ...(item.matches ?? [])].some(
    (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`),
  );
}

export function Brand() {
  return (
    <Link to="/" className="app-brand">
      <span className="app-brand-mark" aria-hidden="true">
        IL
      </span>
      InterviewLM
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const toasts = useToasts();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [switching, setSwitching] = useState(false);

  // A navigation closes the small-screen menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path changes only.
  useEffect(() => setMenuOpen(false), [pathname]);

  const work: NavItem[] = [
    { to: '/', label: 'Dashboard' },
    { to: '/assessments', label: 'Assessments', matches: ['/candidates'] },
  ];
  const admin: NavItem[] = [{ to: '/settings', label: 'Settings' }];
  const operator: NavItem[] = auth.isOperator ? [{ to: '/ops', label: 'Operations' }] : [];
  const me = auth.me;
  const memberships = me?.memberships ?? [];

  const renderItems = (items: NavItem[]) =>
    items.map((item) => (
      <Link key={item.to} to={item.to} aria-current={isCurrent(item, pathname) ? 'page' : undefined}>
        {item.label}
      </Link>
    ));

  return (
    <div className="app-shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="app-topbar">
        <Brand />
        <Button
          size="sm"
          aria-expanded={menuOpen}
          aria-controls="app-sidebar"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? 'Close menu' : 'Menu'}
        </Button>
      </div>
      <aside id="app-sidebar" className="app-sidebar" data-open={menuOpen}>
        <Brand />
        <nav className="app-nav" aria-label="Main">
          {renderItems(work)}
          <span className="app-nav-label">Organization</span>
          {renderItems(admin)}
          {operator.length > 0 ? <span className="app-nav-label">Platform</span> : null}
          {renderItems(operator)}
        </nav>
        <div className="app-sidebar-footer">
          {memberships.length > 1 ? (
            <Select
              label="Organization"
              value={me?.organization?.organizationId ?? ''}
              disabled={switching}
              options={memberships.map((membership) => ({
                value: membership.organizationId,
                label: `${membership.name} (${membership.role})`,
              }))}
              onChange={async (event) => {
                setSwitching(true);
                try {
                  await auth.switchOrganization(event.target.value);
                  toasts.success('Organization switched');
                } catch (error) {
                  toasts.error(error, 'Could not switch organization');
                } finally {
                  setSwitching(false);
                }
              }}
            />
          ) : me?.organization ? (
            <span className="subtle">
              {me.organization.name} · {me.organization.role}
            </span>
          ) : null}
          {me ? (
            <span className="small">
              Signed in as <strong>{me.user.name}</strong>
              <br />
              <span className="subtle break">{me.user.email}</span>
            </span>
          ) : null}
          <Button
            size="sm"
            onClick={() =>
              auth.signOut().catch((error: unknown) => toasts.error(error, 'Could not sign out'))
            }
          >
            Sign out
          </Button>
        </div>
      </aside>
      <main id="main" className="app-main" tabIndex={-1}>
        <div className="app-content">{children}</div>
      </main>
    </div>
  );
}

/** The frame of pages without the console (sign-in, sign-up, password reset, invitations). */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="auth-layout">
      <div className="auth-card stack">
        <Brand />
        {children}
      </div>
    </main>
  );
}
