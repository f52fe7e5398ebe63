import { z } from 'zod';
import type { FieldError } from '@webitr/contracts';
import { InputError } from './errors.ts';

// Users read zh-TW; zod's own messages follow.
z.config(z.locales.zhTW());

export type InputLocation = 'body' | 'query' | 'params' | 'headers';

/**
 * Parse untrusted input at the edge. On failure, an InputError names every
 * failing field by path and, where the schema gives one (`.meta({ title })`),
 * by the name users know (地點, 事由).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, location?: InputLocation): z.infer<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw inputErrorFrom(result.error, schema, location);
}

export function inputErrorFrom(error: z.ZodError, schema: z.ZodType, location?: InputLocation): InputError {
  const fields: FieldError[] = error.issues.map((issue) => {
    const label = labelAt(schema, issue.path);
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return {
      field: [location, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
      ...(label ? { label } : {}),
      code: missing ? 'required' : issue.code,
      message: missing ? '此欄位為必填' : issue.message,
    };
  });
  const detail = fields.map((f) => `${f.label ?? f.field}：${f.message}`).join('；');
  return new InputError({ detail, fields });
}

/** Follow a path through objects, arrays and wrappers to the field's `title` meta. */
function labelAt(schema: z.ZodType, path: PropertyKey[]): string | undefined {
  let node: z.ZodType | undefined = schema;
  let label = titleOf(node);
  for (const key of path) {
    node = node && childOf(node, key);
    label = node ? titleOf(node) : undefined;
  }
  return label;
}

function titleOf(schema: z.ZodType): string | undefined {
  for (let node: z.ZodType | undefined = schema; node; node = innerOf(node)) {
    const title = node.meta()?.title;
    if (typeof title === 'string') return title;
  }
  return undefined;
}

function innerOf(schema: z.ZodType): z.ZodType | undefined {
  const def = schema._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
  return def.innerType ?? def.in;
}

function childOf(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  for (let node: z.ZodType | undefined = schema; node; node = innerOf(node)) {
    if (node instanceof z.ZodObject) return node.shape[String(key)] as z.ZodType | undefined;
    if (node instanceof z.ZodArray) return node.element as z.ZodType;
  }
  return undefined;
}
