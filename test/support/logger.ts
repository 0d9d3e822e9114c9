/** A silent logger for tests (set TEST_LOG_LEVEL=debug to see what the code logs). */
import { createLogger } from '../../src/platform/logger.ts';

export const testLogger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'test' });
