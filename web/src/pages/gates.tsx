/** Screens shown instead of a page: choosing an organization, and the operator token prompt. */
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { useAction } from '../lib/use-resource.ts';
import { Link } from '../router/router.tsx';
import { Alert, Button, Card, ErrorAlert, Input } from '../ui/index.ts';

/** A signed-in person whose session has no organization (removed from it, or never in one). */
export function ChooseOrganization() {
  const auth = useAuth();
  const memberships = auth.me?.memberships ?? [];
  const action = useAction((organizationId: string) => auth.switchOrganization(organizationId));
  return (
    <Card title="Choose an organization">
      <div className="stack">
        {action.error ? <ErrorAlert error={action.error} /> : null}
        {memberships.length === 0 ? (
          <Alert tone="warning" title="You are not a member of any organization">
            Ask a teammate to invite you (Settings → Members), or sign out and create a new account with its
            own organization.
          </Alert>
        ) : (
          <ul className="list-plain">
            {memberships.map((membership) => (
              <li key={membership.organizationId}>
                <Button
                  block
                  loading={action.busy}
                  onClick={() => void action.run(membership.organizationId)}
                >
                  {membership.name} ({membership.role})
                </Button>
              </li>
            ))}
          </ul>
        )}
        <Button variant="ghost" onClick={() => void auth.signOut()}>
          Sign out
        </Button>
      </div>
    </Card>
  );
}

/** The operator pages for someone who is not a signed-in platform operator: enter OPERATOR_TOKEN. */
export function OperatorGate() {
  const auth = useAuth();
  const [token, setToken] = useState('');
  const action = useAction(async () => {
    api.setOperatorToken(token.trim());
    try {
      await endpoints.ops.deadLetterStats();
    } catch (error) {
      api.setOperatorToken(null);
      throw error;
    }
    window.location.reload();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };
  return (
    <Card title="Operations are for platform operators">
      <form className="stack" onSubmit={submit}>
        <p className="muted">
          Sign in with an operator account (created with <code>interviewlm admin create --email …</code>), or
          enter the installation's <code>OPERATOR_TOKEN</code> for this browser tab.
        </p>
        {action.error ? <ErrorAlert error={action.error} /> : null}
        <Input
          label="Operator token"
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={(event) => setToken(event.target.value)}
          hint="Kept for this tab only; closing the tab forgets it."
        />
        <Button type="submit" variant="primary" loading={action.busy} loadingText="Checking…">
          Continue
        </Button>
        {auth.me ? null : (
          <p className="small">
            <Link to="/signin?next=/ops">Sign in as an operator instead</Link>
          </p>
        )}
      </form>
    </Card>
  );
}
