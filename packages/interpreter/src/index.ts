export * from './model.js';
export type * from './report.js';
