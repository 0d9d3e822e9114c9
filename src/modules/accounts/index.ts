/** Accounts: users, organizations, memberships and sign-in (sign-up and sessions land with the accounts issue). */
export { hashPassword, verifyPassword } from './password.ts';
