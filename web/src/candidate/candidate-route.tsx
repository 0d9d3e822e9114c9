/** The candidate page as a route component of the app's router. */
import type { RouteComponentProps } from '../router/router.tsx';
import { CandidateInterviewPage } from './candidate-interview-page.tsx';

/** `/interview/:token`: the token comes from the route. */
export function CandidateInterviewRoute({ params }: RouteComponentProps) {
  return <CandidateInterviewPage {...(params.token ? { token: params.token } : {})} />;
}
