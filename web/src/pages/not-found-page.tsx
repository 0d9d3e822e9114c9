import { ButtonLink, EmptyState, PageHeader } from '../ui/index.ts';

/** Any path the app does not know. */
export default function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        title="There is nothing at this address"
        action={
          <ButtonLink to="/" variant="primary">
            Go to the dashboard
          </ButtonLink>
        }
      >
        The link may be mistyped, or the page may have moved.
      </EmptyState>
    </>
  );
}
