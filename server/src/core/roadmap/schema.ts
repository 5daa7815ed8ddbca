/**
 * The roadmap format's node kinds as zod schemas, and the wording of their problems.
 *
 * The schemas never see YAML nodes: the parser hands each one a shallow projection of a mapping
 * (scalars as their values, a nested mapping as `{}`, a list as an array of such values, a single
 * scalar where a list is allowed as a one-entry list) and maps each issue's path back to the node,
 * so ranges stay exact. Keys a schema does not name are allowed and ignored.
 */
import { z } from 'zod';
import { ITEM_KINDS, ITEM_STATUSES, VALUE_CATEGORIES } from '../types';

/** YAML reads `title: 2024` or `scope: 2` as numbers; a scalar where text is expected still means its text. */
function scalarAsText(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

/**
 * How a zod definition reads a scalar when it is one of the lenient fields below: `text` (any scalar,
 * as its text), `number` (a number, or text that is one), with the schema it then validates. For the
 * JSON Schema generator (scripts/roadmap-schema.ts), which must accept every value the parser accepts.
 */
export function lenientScalar(def: z.ZodTypeDef): { reads: 'text' | 'number'; then: z.ZodTypeAny } | undefined {
  if ((def as { typeName?: string }).typeName !== z.ZodFirstPartyTypeKind.ZodEffects) return undefined;
  const { effect, schema } = def as z.ZodEffectsDef;
  if (effect.type !== 'preprocess') return undefined;
  if (effect.transform === scalarAsText) return { reads: 'text', then: schema };
  if (effect.transform === numberTextAsNumber) return { reads: 'number', then: schema };
  return undefined;
}

/** A number written as text; exported for the JSON Schema generator. */
export const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A quoted number (`target: "99.9"`) means the number; text with a unit ("300 ms") does not. */
function numberTextAsNumber(value: unknown): unknown {
  return typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value;
}

const requiredText = z.preprocess(scalarAsText, z.string().trim().min(1));
const optionalText = z.preprocess(scalarAsText, z.string().trim()).optional();
const optionalNumber = z.preprocess(numberTextAsNumber, z.number().finite()).optional();
const textList = z.array(requiredText).optional();
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(scalarAsText, z.enum(values)).optional();

export const ValueMetricSchema = z.object({
  metric: requiredText,
  category: oneOf(VALUE_CATEGORIES),
  unit: optionalText,
  baseline: optionalNumber,
  target: optionalNumber,
  current: optionalNumber,
});

/** An item's scalar and list fields; its `value` is one or more ValueMetricSchema nodes, each read on its own. */
export const ItemSchema = z.object({
  id: requiredText,
  title: requiredText,
  kind: oneOf(ITEM_KINDS),
  status: oneOf(ITEM_STATUSES),
  objective: requiredText.optional(),
  slo: optionalText,
  owner: optionalText,
  scope: optionalText,
  dependsOn: textList,
  paths: textList,
  links: textList,
  tickets: textList,
  due: optionalText,
  source: optionalText,
});

/** v2: an issue tracker; its prefix's shape is checked by the parser, which quotes it. */
export const TrackerSchema = z.object({
  prefix: requiredText,
  name: optionalText,
  url: optionalText,
});

export const ObjectiveSchema = z.object({
  id: requiredText,
  title: requiredText,
  metrics: textList,
});

/** The north star's own fields; its `metrics` are NorthStarMetricSchema nodes, each read on its own. */
export const NorthStarSchema = z.object({
  statement: optionalText,
});

export const NorthStarMetricSchema = z.object({
  id: requiredText,
  name: requiredText,
  unit: optionalText,
  baseline: optionalNumber,
  target: optionalNumber,
  current: optionalNumber,
});

/** Whether a schema's field takes a list (so the parser may present a single scalar as a one-entry list). */
export function isListField(schema: z.AnyZodObject, key: string): boolean {
  const field: z.ZodTypeAny | undefined = schema.shape[key];
  return field instanceof z.ZodOptional ? field.unwrap() instanceof z.ZodArray : field instanceof z.ZodArray;
}

export interface Validation<T> {
  /** The fields that passed; a failing field is absent, a list keeps its valid entries. */
  data: Partial<T>;
  issues: z.ZodIssue[];
  /** For each list field, the indices of the entries left out of `data`. */
  droppedEntries: Map<string, Set<number>>;
}

/**
 * Validates a projected mapping. A valid node (the common case) costs one parse. For an invalid one,
 * the fields without an issue are parsed on their own and a list keeps its valid entries, so that
 * one wrong field does not lose the node's other fields.
 */
export function validateNode<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
  input: Record<string, unknown>,
): Validation<z.output<z.ZodObject<S>>> {
  const whole = schema.safeParse(input);
  if (whole.success) return { data: whole.data, issues: [], droppedEntries: new Map() };

  const issues = issuesOf(whole);
  const failedKeys = new Set(issues.map((issue) => String(issue.path[0])));
  const data: Record<string, unknown> = {};
  const droppedEntries = new Map<string, Set<number>>();
  // Absent fields are left out: every field the schemas make required is reported missing, and an
  // optional one parses to nothing.
  for (const [key, value] of Object.entries(input)) {
    const field: z.ZodTypeAny | undefined = schema.shape[key];
    if (!field) continue;
    let dropped: Set<number> | undefined;
    if (failedKeys.has(key)) {
      const entryIssues = issues.filter((issue) => issue.path[0] === key && issue.path.length > 1);
      // Only a list whose issues all sit in its entries can be kept, without those entries.
      if (!Array.isArray(value) || entryIssues.length < issues.filter((issue) => issue.path[0] === key).length)
        continue;
      dropped = new Set(entryIssues.map((issue) => Number(issue.path[1])));
    }
    const parsed = field.safeParse(dropped ? (value as unknown[]).filter((_, index) => !dropped.has(index)) : value);
    if (!parsed.success) continue;
    if (parsed.data !== undefined) data[key] = parsed.data;
    if (dropped) droppedEntries.set(key, dropped);
  }
  return { data: data as Partial<z.output<z.ZodObject<S>>>, issues, droppedEntries };
}

/**
 * A failed parse's issues. zod builds its ZodError on demand, and an Error captures a stack trace
 * nobody reads here: with thousands of broken nodes in a file, that capture was the largest cost.
 */
function issuesOf(result: z.SafeParseError<unknown>): z.ZodIssue[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return result.error.issues;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Whether an issue says a required field is absent (rather than present and wrong). */
export function isMissingField(issue: z.ZodIssue): boolean {
  return issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined';
}

/**
 * The message of an issue on a projected node. `subject` names the node ("Item RM-12",
 * "Value metric") for a missing field; `input` is the projection, to quote the offending value; `meant`, the
 * value an unknown one of an enumeration is a typo of.
 */
export function issueMessage(
  issue: z.ZodIssue,
  subject: string,
  input: Record<string, unknown>,
  meant?: string,
): string {
  const key = String(issue.path[0]);
  const isEntry = issue.path.length > 1;
  const value = isEntry ? (input[key] as unknown[] | undefined)?.[Number(issue.path[1])] : input[key];
  const what = isEntry ? `Each "${key}" entry` : `"${key}"`;
  switch (issue.code) {
    case z.ZodIssueCode.invalid_enum_value:
      return `Unknown ${key} "${String(issue.received)}"${meant === undefined ? '.' : `; did you mean "${meant}"?`} Expected one of: ${issue.options.join(', ')}.`;
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return `${subject} has no "${key}".`;
      return `${what} must be ${expectedText(issue.expected)}, not ${describeValue(value)}.`;
    case z.ZodIssueCode.not_finite:
      return `${what} must be a finite number, not ${describeValue(value)}.`;
    case z.ZodIssueCode.too_small:
      return `${what} must not be empty.`;
    default:
      return `${what}: ${issue.message}`;
  }
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'array':
      return 'a list';
    default:
      // An enum: zod spells its values as "'a' | 'b'".
      return `one of: ${expected.replace(/'/g, '').split(' | ').join(', ')}`;
  }
}

/** A projected value as a message quotes it. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && Number.isNaN(value)) return '.nan';
  if (typeof value === 'number' && !Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const text = String(value);
  return `"${text.length > 40 ? `${text.slice(0, 39)}…` : text}"`;
}
