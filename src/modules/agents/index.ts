/** Agents: the interview agent's ability model, question selection and live signals. */
export { findLiveSignals, processSessionEvents } from './interview-agent.service.ts';
export {
  type AbilityEstimate,
  defaultItemParameters,
  estimateAbility,
  type ItemParameters,
  type ItemResponse,
  itemInformation,
  probabilityOfSuccess,
} from './irt.ts';
export { type AgentEvent, emptySignals, foldSignals, type LiveSignals } from './live-signals.ts';
export {
  type Difficulty,
  EXPOSURE_MIN_INFORMATION_SHARE,
  EXPOSURE_TOP_K,
  openDifficulties,
  type SelectableItem,
  type Selection,
  selectNextItem,
} from './question-selection.ts';
