/** Questions: the curated bank (data files and database), checks that prove a question in the sandbox, the cache. */

export { BankFileError, bankDirectory, loadBank, loadBankEntry } from './bank.loader.driver.ts';
export {
  type BankEntry,
  type BankLanguage,
  type BankQuestion,
  BankQuestionSchema,
  bankLanguages,
  extensionOf,
} from './bank.schema.ts';
export { bankDraft, contentHashOf, ensureQuestionBank, seedQuestionBank } from './bank.service.ts';
export { type BankProblem, checkBankEntry, sandboxTestsOf } from './bank-check.service.ts';
export {
  createQuestionGenerator,
  type GeneratedQuestionResult,
  type GenerateQuestionInput,
  type QuestionGenerator,
} from './generation.service.ts';
export { offlineQuestionAnswer, promptTexts } from './offline-questions.ts';
export { registerQuestionCacheRoutes } from './question-cache.routes.ts';
export {
  type CachedQuestion,
  createQuestionCache,
  type QuestionCache,
  type QuestionCacheStats,
  topicHash,
} from './question-cache.service.ts';
export {
  createQuestionGenerationProcessor,
  type PlanSlot,
  prewarmQuestionCache,
} from './question-generation.worker.ts';
export { loadQuestion, type StoredQuestion } from './questions.repository.ts';
