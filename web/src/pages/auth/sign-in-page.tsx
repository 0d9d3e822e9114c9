/** Sign in (POST /api/auth/signin); returns to `?next=` afterwards. */
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../../api/errors.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { AuthLayout } from '../../layout/app-shell.tsx';
import { useAction } from '../../lib/use-resource.ts';
import { safeNextPath } from '../../router/match.ts';
import { Link, navigate, useQuery } from '../../router/router.tsx';
import { Button, Card, ErrorAlert, Input } from '../../ui/index.ts';

export default function SignInPage() {
  const auth = useAuth();
  const query = useQuery();
  const next = safeNextPath(query.get('next'));
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    await auth.signIn(email.trim(), password);
    navigate(next, { replace: true });
  });
  const errors = fieldErrors(action.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };

  return (
    <AuthLayout>
      <Card>
        <form className="stack" onSubmit={submit} noValidate={false}>
          <div className="stack-sm">
            <h1>Sign in</h1>
            <p className="muted">to your organization's hiring console.</p>
          </div>
          {action.error ? <ErrorAlert error={action.error} /> : null}
          <Input
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={errors.email}
          />
          <Input
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={errors.password}
          />
          <Button type="submit" variant="primary" block loading={action.busy} loadingText="Signing in…">
            Sign in
          </Button>
          <div className="row-between small">
            <Link to="/forgot-password">Forgot your password?</Link>
            <Link to="/signup">Create an account</Link>
          </div>
        </form>
      </Card>
    </AuthLayout>
  );
}
