/**
 * Accept a teammate invitation (`/join?token=…`, POST /api/members/invitations/accept): a new
 * account gives a name and a password; an existing one confirms with its password.
 */
import { type FormEvent, useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import { ApiError, fieldErrors } from '../../api/errors.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { AuthLayout } from '../../layout/app-shell.tsx';
import { useAction } from '../../lib/use-resource.ts';
import { Link, navigate, useQuery } from '../../router/router.tsx';
import { Alert, Button, Card, Checkbox, ErrorAlert, Input } from '../../ui/index.ts';

export default function JoinPage() {
  const auth = useAuth();
  const token = useQuery().get('token') ?? '';
  const [hasAccount, setHasAccount] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const answer = await endpoints.auth.acceptInvitation({
      token,
      password,
      ...(hasAccount ? {} : { name: name.trim() }),
    });
    await auth.adoptSession(answer.csrfToken);
    navigate('/', { replace: true });
  });
  const existingAccount = action.error instanceof ApiError && action.error.status === 401;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };

  if (!token) {
    return (
      <AuthLayout>
        <Alert tone="warning" title="This invitation link is incomplete">
          Open the link from the invitation email exactly as it was sent, or ask the person who invited you
          for a new one.
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <Card>
        <form className="stack" onSubmit={submit}>
          <div className="stack-sm">
            <h1>Join your team</h1>
            <p className="muted">You were invited to an organization on InterviewLM.</p>
          </div>
          {action.error ? <ErrorAlert error={action.error} /> : null}
          <Checkbox
            label="I already have an InterviewLM account with this email"
            checked={hasAccount || existingAccount}
            onChange={(event) => setHasAccount(event.target.checked)}
          />
          {hasAccount || existingAccount ? null : (
            <Input
              label="Your name"
              autoComplete="name"
              required
              value={name}
              onChange={(event) => setName(event.target.value)}
              error={fieldErrors(action.error).name}
            />
          )}
          <Input
            label={hasAccount || existingAccount ? 'Your password' : 'Choose a password'}
            type="password"
            autoComplete={hasAccount || existingAccount ? 'current-password' : 'new-password'}
            required
            minLength={hasAccount || existingAccount ? 1 : 10}
            hint={hasAccount || existingAccount ? undefined : 'At least 10 characters.'}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldErrors(action.error).password}
          />
          <Button type="submit" variant="primary" block loading={action.busy} loadingText="Joining…">
            Join the organization
          </Button>
          <p className="small">
            <Link to="/signin">Sign in instead</Link>
          </p>
        </form>
      </Card>
    </AuthLayout>
  );
}
