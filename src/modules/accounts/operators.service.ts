/** Platform operators: users who may use the operator surfaces when signed in. */
import type { Database } from '../../platform/db/client.ts';
import { upsertPlatformOperator } from './accounts.repository.ts';
import { hashPassword } from './password.ts';

/** Makes `email` a platform operator, creating the account with `password` when there is none. */
export async function createPlatformOperator(
  db: Database,
  input: { email: string; name: string; password: string },
): Promise<{ created: boolean }> {
  return upsertPlatformOperator(db, {
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
  });
}
