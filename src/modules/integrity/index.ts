/** Integrity (PRODUCT.md §7): pastes, focus, typing cadence and code similarity as a risk level with reasons. */

export {
  type AssessSessionIntegrityInput,
  assessSessionIntegrity,
  MAX_COMPARED_SESSIONS,
} from './integrity.service.ts';
export {
  assessIntegrity,
  computeIntegritySignals,
  deriveRiskLevel,
  type FingerprintRecord,
  findBestMatch,
  type IntegrityEvent,
  type IntegrityInput,
  type IntegrityReport,
  type IntegrityRiskLevel,
  type IntegritySeverity,
  type IntegritySignal,
  integrityThresholds,
  type QuestionSimilarity,
  type SimilarityMatch,
} from './integrity-signals.ts';
export {
  FINGERPRINT_VERSION,
  fingerprint,
  K_GRAM,
  normalizedHash,
  normalizeTokens,
  type SourceLanguage,
  similarity,
  WINDOW,
} from './winnowing.ts';
