export { parseRoadmapFile } from './parse';
export { buildRoadmap, progressOf } from './build';
export { ItemSchema, NorthStarMetricSchema, NorthStarSchema, ObjectiveSchema, ValueMetricSchema } from './schema';
