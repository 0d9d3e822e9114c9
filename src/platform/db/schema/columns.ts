import { timestamp } from 'drizzle-orm/pg-core';

// Column builders repeated by every table, so timestamps are always timestamptz with the same names.

/** `created_at timestamptz not null default now()`. */
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** `updated_at timestamptz not null default now()`, refreshed by drizzle on every update. */
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** A nullable `timestamptz` column. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true });
