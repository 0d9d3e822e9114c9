/** Questions: the curated bank (data files), checks that prove a question in the sandbox. */

export { BankFileError, bankDirectory, loadBank, loadBankEntry } from './bank.loader.driver.ts';
export {
  type BankEntry,
  type BankLanguage,
  type BankQuestion,
  BankQuestionSchema,
  bankLanguages,
  extensionOf,
} from './bank.schema.ts';
export { type BankProblem, checkBankEntry, sandboxTestsOf } from './bank-check.service.ts';
