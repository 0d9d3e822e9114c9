/** Ask for a password reset link (POST /api/auth/password-reset/request). */
import { type FormEvent, useState } from 'react';
import { endpoints } from '../../api/endpoints.ts';
import { fieldErrors } from '../../api/errors.ts';
import { AuthLayout } from '../../layout/app-shell.tsx';
import { useAction } from '../../lib/use-resource.ts';
import { Link } from '../../router/router.tsx';
import { Alert, Button, Card, ErrorAlert, Input } from '../../ui/index.ts';

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction(async () => {
    await endpoints.auth.requestPasswordReset(email.trim());
    setSent(true);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run();
  };

  return (
    <AuthLayout>
      <Card>
        <form className="stack" onSubmit={submit}>
          <div className="stack-sm">
            <h1>Reset your password</h1>
            <p className="muted">We email you a link that works once, for one hour.</p>
          </div>
          {sent ? (
            <Alert tone="success" live title="Check your email">
              If an account exists for {email}, a reset link is on its way. No email after a few minutes?
              Check spam, or ask your platform operator: without SMTP, emails wait in the operator's outbox.
            </Alert>
          ) : null}
          {action.error ? <ErrorAlert error={action.error} /> : null}
          <Input
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldErrors(action.error).email}
          />
          <Button type="submit" variant="primary" block loading={action.busy} loadingText="Sending…">
            {sent ? 'Send again' : 'Send reset link'}
          </Button>
          <p className="small">
            <Link to="/signin">Back to sign in</Link>
          </p>
        </form>
      </Card>
    </AuthLayout>
  );
}
