/** Agents: the interview agent's ability model and question selection (the workers land with the agents issue). */
export {
  type AbilityEstimate,
  defaultItemParameters,
  estimateAbility,
  type ItemParameters,
  type ItemResponse,
  itemInformation,
  probabilityOfSuccess,
} from './irt.ts';
export {
  type Difficulty,
  EXPOSURE_TOP_K,
  openDifficulties,
  type SelectableItem,
  type Selection,
  selectNextItem,
} from './question-selection.ts';
