export { firstSyntaxError, parseRoadmapFile } from './parse';
export { reparseRoadmapFile } from './reparse';
export { buildRoadmap } from './build';
export type { NameFile } from './build';
export { progressOf } from '../format';
export { ItemSchema, NorthStarMetricSchema, NorthStarSchema, ObjectiveSchema, ValueMetricSchema } from './schema';
export { roadmapSkeleton } from './skeleton';
export type { SkeletonTracker } from './skeleton';
