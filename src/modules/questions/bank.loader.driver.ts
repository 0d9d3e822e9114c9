/** Reads the curated bank from `bank/` (one directory per problem), validating every file. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BankEntry,
  type BankLanguage,
  BankQuestionSchema,
  bankLanguages,
  extensionOf,
} from './bank.schema.ts';

export const bankDirectory = fileURLToPath(new URL('./bank/', import.meta.url));

/** A bank problem that cannot be loaded, with every reason. */
export class BankFileError extends Error {}

function readCode(dir: string, kind: 'solution' | 'starter'): Record<BankLanguage, string> {
  const entries = bankLanguages.map((language) => {
    const file = path.join(dir, `${kind}.${extensionOf[language]}`);
    return [language, readFileSync(file, 'utf8')] as const;
  });
  return Object.fromEntries(entries) as Record<BankLanguage, string>;
}

/** Loads one problem directory. */
export function loadBankEntry(dir: string): BankEntry {
  const slug = path.basename(dir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(dir, 'question.json'), 'utf8'));
  } catch (error) {
    throw new BankFileError(`${slug}/question.json: ${(error as Error).message}`);
  }
  const parsed = BankQuestionSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new BankFileError(`${slug}/question.json: ${problems.join('; ')}`);
  }
  if (parsed.data.slug !== slug)
    throw new BankFileError(`${slug}: slug "${parsed.data.slug}" differs from the directory`);
  try {
    return {
      question: parsed.data,
      solutions: readCode(dir, 'solution'),
      starters: readCode(dir, 'starter'),
    };
  } catch (error) {
    throw new BankFileError(`${slug}: ${(error as Error).message}`);
  }
}

/** Loads every problem of the bank, sorted by slug. */
export function loadBank(directory = bankDirectory): BankEntry[] {
  return readdirSync(directory)
    .filter((name) => statSync(path.join(directory, name)).isDirectory())
    .sort()
    .map((name) => loadBankEntry(path.join(directory, name)));
}
