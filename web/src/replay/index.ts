/**
 * The recruiter's session replay: route `/candidates/:id/replay` (member, shell layout), opened as
 * `/candidates/:id/replay?seq=N` from report evidence; `?session=<id>` names the session directly.
 */

export { SessionReplayRoute, SessionReplayRoute as default } from './replay-route.tsx';
export { SessionReplayPage, type SessionReplayPageProps } from './session-replay-page.tsx';
