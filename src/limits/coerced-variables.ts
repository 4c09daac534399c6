import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql';

/** Variable values as execution will see them: coerced, defaults applied. */
export type CoercedVariables = Record<string, unknown>;

// Per request: the access check, the image budget and the cost all read the same values.
const memo = new WeakMap<object, CoercedVariables | null>();

/**
 * The operation's variables as graphql-js's `execute` will coerce them (`getVariableValues` with
 * the operation's definitions: defaults applied, input types coerced), so that checks run on
 * the values resolvers will receive rather than on the raw JSON a client sent. Remembered per
 * `request` object.
 *
 * Returns undefined when the variables do not coerce: execution then stops at the same step and
 * Apollo answers with its own 400 `BAD_USER_INPUT`, before any resolver runs, so a check that
 * finds no values has nothing to guard.
 */
export function coercedVariables(
  request: object,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode | undefined,
  raw: Record<string, unknown> | undefined,
): CoercedVariables | undefined {
  const known = memo.get(request);
  if (known !== undefined) return known ?? undefined;
  const result = getVariableValues(schema, operation?.variableDefinitions ?? [], raw ?? {});
  const coerced = 'coerced' in result && result.coerced ? result.coerced : null;
  memo.set(request, coerced);
  return coerced ?? undefined;
}
