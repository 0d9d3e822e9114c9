/** The candidate's interview: route `/interview/:token` (public, bare layout). */
export {
  CandidateInterviewPage,
  type CandidateInterviewPageProps,
  tokenFromPath,
} from './candidate-interview-page.tsx';
export { CandidateInterviewRoute, CandidateInterviewRoute as default } from './candidate-route.tsx';
