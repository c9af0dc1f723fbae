/** The coach's public surface: pure diagnosis of training curves, fixes as spec edits, what-if replays. */
export { Coach, type CoachOptions } from './coach';
export { diagnose, type DiagnoseInput } from './diagnose';
export { DEFAULT_COACH_CONFIG, resolveCoachConfig, type CoachConfig } from './config';
export { fixesFor, type FixContext } from './fixes';
export { whatIf, type WhatIf } from './replay';
export { chanceLevel, type ChanceLevel } from './chance';
export type { HealthReport } from './rules/gradients';
