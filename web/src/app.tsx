/**
 * The application: providers, then the route for the current path behind its access rule —
 * members go to sign-in when signed out, signed-in people skip the sign-in pages, operator pages
 * need a platform operator (or an OPERATOR_TOKEN entered on the page).
 */
import { Component, type ErrorInfo, type ReactNode, Suspense, useEffect } from 'react';
import { api } from './api/client.ts';
import { AuthProvider, signInPath, useAuth } from './auth/auth-context.tsx';
import { AppShell, AuthLayout } from './layout/app-shell.tsx';
import { ChooseOrganization, OperatorGate } from './pages/gates.tsx';
import NotFoundPage from './pages/not-found-page.tsx';
import { safeNextPath } from './router/match.ts';
import { findRoute, navigate, useLocation } from './router/router.tsx';
import { type AppRoute, routes } from './routes.tsx';
import { Alert, Button, ErrorAlert, Loading, ToastProvider } from './ui/index.ts';

/** Catches render errors (and chunks that failed to download after a new release). */
class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== undefined)
      this.setState({ error: undefined });
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page failed', error, info.componentStack);
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    const chunk =
      this.state.error instanceof Error &&
      /dynamically imported module|Importing a module script/i.test(this.state.error.message);
    return (
      <Alert
        tone="danger"
        title={chunk ? 'A new version of InterviewLM is available' : 'This page failed to display'}
        actions={
          <Button variant="primary" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
        }
      >
        {chunk
          ? 'Reload to get it; nothing you saved is lost.'
          : 'Reload the page. If it happens again, tell your platform operator what you were doing.'}
      </Alert>
    );
  }
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading />;
}

function RouteView() {
  const { pathname, search } = useLocation();
  const auth = useAuth();
  const found = findRoute(routes, pathname);

  useEffect(() => {
    document.title = found ? `${found.route.title} · InterviewLM` : 'Not found · InterviewLM';
  }, [found]);

  if (!found) {
    return auth.me ? (
      <AppShell>
        <NotFoundPage />
      </AppShell>
    ) : (
      <AuthLayout>
        <NotFoundPage />
      </AuthLayout>
    );
  }

  const { route, params } = found;
  const Page = route.component;
  const content = (
    <PageErrorBoundary resetKey={pathname}>
      <Suspense fallback={<Loading />}>
        <Page params={params} />
      </Suspense>
    </PageErrorBoundary>
  );
  const framed = (node: ReactNode, r: AppRoute) =>
    r.layout === 'shell' && auth.me ? <AppShell>{node}</AppShell> : node;

  if (route.access === 'public') return framed(content, route);

  if (auth.state.status === 'loading') return <Loading label="Opening InterviewLM…" />;
  if (auth.state.status === 'error') {
    return (
      <AuthLayout>
        <ErrorAlert
          error={auth.state.error}
          title="InterviewLM could not be reached"
          onRetry={() => void auth.refresh()}
        />
      </AuthLayout>
    );
  }

  if (route.access === 'guest') {
    if (auth.state.status === 'signed-in')
      return <Redirect to={safeNextPath(new URLSearchParams(search).get('next'))} />;
    return content;
  }

  if (route.access === 'operator') {
    if (auth.isOperator) return framed(content, route);
    if (api.hasOperatorToken()) return auth.me ? <AppShell>{content}</AppShell> : content;
    return auth.me ? (
      <AppShell>
        <OperatorGate />
      </AppShell>
    ) : (
      <AuthLayout>
        <OperatorGate />
      </AuthLayout>
    );
  }

  // Members.
  if (auth.state.status === 'signed-out') return <Redirect to={signInPath(`${pathname}${search}`)} />;
  if (!auth.me?.organization) {
    return (
      <AuthLayout>
        <ChooseOrganization />
      </AuthLayout>
    );
  }
  return framed(content, route);
}

export function App() {
  return (
    <ToastProvider>
      <AuthProvider>
        <RouteView />
      </AuthProvider>
    </ToastProvider>
  );
}
