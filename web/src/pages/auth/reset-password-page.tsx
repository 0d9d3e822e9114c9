/** Choose a new password with the emailed token (`/reset-password?token=…`, POST …/confirm). */
import { type FormEvent, useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import { fieldErrors } from '../../api/errors.ts';
import { AuthLayout } from '../../layout/app-shell.tsx';
import { useAction } from '../../lib/use-resource.ts';
import { Link, useQuery } from '../../router/router.tsx';
import { Alert, Button, ButtonLink, Card, ErrorAlert, Input } from '../../ui/index.ts';

export default function ResetPasswordPage() {
  const token = useQuery().get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [localError, setLocalError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const action = useAction(async () => {
    await endpoints.auth.confirmPasswordReset(token, password);
    setDone(true);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < 10) return setLocalError('Use at least 10 characters');
    if (password !== repeat) return setLocalError('The two passwords differ; type the same password twice');
    setLocalError(undefined);
    void action.run();
  };

  if (!token) {
    return (
      <AuthLayout>
        <Alert tone="warning" title="This link is incomplete">
          Open the link from the email exactly as it was sent, or{' '}
          <Link to="/forgot-password">ask for a new one</Link>.
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <Card>
        {done ? (
          <div className="stack">
            <h1>Password changed</h1>
            <Alert tone="success" live>
              Every other session of your account was signed out. Sign in with the new password.
            </Alert>
            <ButtonLink to="/signin" variant="primary" block>
              Sign in
            </ButtonLink>
          </div>
        ) : (
          <form className="stack" onSubmit={submit}>
            <h1>Choose a new password</h1>
            {action.error ? <ErrorAlert error={action.error} /> : null}
            <Input
              label="New password"
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
              hint="At least 10 characters."
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={fieldErrors(action.error).password}
            />
            <Input
              label="Repeat the new password"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              error={localError}
            />
            <Button type="submit" variant="primary" block loading={action.busy} loadingText="Saving…">
              Set password
            </Button>
            <p className="small">
              Link expired? <Link to="/forgot-password">Ask for a new one</Link>.
            </p>
          </form>
        )}
      </Card>
    </AuthLayout>
  );
}
