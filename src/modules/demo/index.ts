/** Demo data for a fresh installation. */
export { demoOwnerEmail, seedDemoData } from './demo.service.ts';
