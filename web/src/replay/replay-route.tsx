/** The replay page as a route component of the app's router. */
import type { RouteComponentProps } from '../router/router.tsx';
import { SessionReplayPage } from './session-replay-page.tsx';

/** `/candidates/:id/replay`: `:id` is the candidate, whose session is looked up (unless `?session=`). */
export function SessionReplayRoute({ params }: RouteComponentProps) {
  return <SessionReplayPage {...(params.id ? { candidateId: params.id } : {})} />;
}
