/** Sign up (POST /api/auth/signup): creates the organization with you as its OWNER. */
import { type FormEvent, useState } from 'react';
import { fieldErrors } from '../../api/errors.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { AuthLayout } from '../../layout/app-shell.tsx';
import { useAction } from '../../lib/use-resource.ts';
import { Link, navigate } from '../../router/router.tsx';
import { Button, Card, ErrorAlert, Input } from '../../ui/index.ts';

export default function SignUpPage() {
  const auth = useAuth();
  const [form, setForm] = useState({ name: '', email: '', organizationName: '', password: '' });
  const [localError, setLocalError] = useState<string | undefined>();
  const action = useAction(async () => {
    await auth.signUp({
      name: form.name.trim(),
      email: form.email.trim(),
      organizationName: form.organizationName.trim(),
      password: form.password,
    });
    navigate('/assessments/new?welcome=1', { replace: true });
  });
  const errors = fieldErrors(action.error);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.password.length < 10) {
      setLocalError('Use at least 10 characters');
      return;
    }
    setLocalError(undefined);
    void action.run();
  };

  return (
    <AuthLayout>
      <Card>
        <form className="stack" onSubmit={submit}>
          <div className="stack-sm">
            <h1>Create your account</h1>
            <p className="muted">
              You become the OWNER of a new organization, with trial credits to invite candidates.
            </p>
          </div>
          {action.error ? <ErrorAlert error={action.error} /> : null}
          <Input
            label="Your name"
            autoComplete="name"
            required
            value={form.name}
            onChange={set('name')}
            error={errors.name}
          />
          <Input
            label="Work email"
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set('email')}
            error={errors.email}
          />
          <Input
            label="Organization name"
            autoComplete="organization"
            required
            minLength={2}
            value={form.organizationName}
            onChange={set('organizationName')}
            error={errors.organizationName}
          />
          <Input
            label="Password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters."
            value={form.password}
            onChange={set('password')}
            error={localError ?? errors.password}
          />
          <Button
            type="submit"
            variant="primary"
            block
            loading={action.busy}
            loadingText="Creating your organization…"
          >
            Create account
          </Button>
          <p className="small">
            Already have an account? <Link to="/signin">Sign in</Link>
          </p>
        </form>
      </Card>
    </AuthLayout>
  );
}
