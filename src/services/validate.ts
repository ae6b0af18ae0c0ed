import type { z } from 'zod';
import { ValidationError } from '../domain/errors.js';

/** Parses input with a zod schema; bad input becomes a ValidationError naming each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`),
  );
}
