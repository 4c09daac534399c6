import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode, TypeNode } from 'graphql';
import { Kind } from 'graphql';
import { GatewayErrorCode } from '../errors';
import { coercedVariables } from '../limits/coerced-variables';
import { operationCost } from '../limits/operation-cost';
import { edgeError } from '../graphql-errors';
import type { GatewayContext } from '../schema/context.type';

/**
 * What the cost can depend on in the variables: list lengths (`sourceUris`, `representations`) and booleans (`@include`,
 * `@skip`). Everything else is the same to the estimators, so requests that differ only in URIs
 * share one computed cost; an operation with no list, boolean or input-object variable has one
 * cost whatever its variables, and skips serialising them.
 */
function costShape(
  operation: OperationDefinitionNode | undefined,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): string {
  if (operation && !operation.variableDefinitions?.some((definition) => mayShapeCost(definition.type))) {
    return `${operationName ?? ''}\n`;
  }
  const shape = JSON.stringify(variables, (_key, value: unknown) =>
    Array.isArray(value) ? value.length : typeof value === 'object' || typeof value === 'boolean' ? value : 0,
  );
  return `${operationName ?? ''}\n${shape}`;
}

/** A list, a Boolean, or a named type other than the scalars below (an input object may hold either). */
function mayShapeCost(type: TypeNode): boolean {
  if (type.kind === Kind.NON_NULL_TYPE) return mayShapeCost(type.type);
  if (type.kind === Kind.LIST_TYPE) return true;
  return !COST_NEUTRAL_SCALARS.has(type.name.value);
}

const COST_NEUTRAL_SCALARS = new Set(['String', 'ID', 'Int', 'Float']);

// Bounded per document; documents come from Apollo's own LRU, so the WeakMap lets them go.
const MAX_SHAPES_PER_DOCUMENT = 64;

/**
 * Refuses an operation whose cost ({@link operationCost}) exceeds `maxComplexity` before it runs.
 * Measured after the operation is resolved, on its coerced variables (defaults applied), since
 * list lengths usually come from variables;
 * remembered per document and variable shape, since walking the document on every request cost
 * a fifth of a cached query's time.
 */
export function useQueryComplexity(maxComplexity: number): ApolloServerPlugin<GatewayContext> {
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  // One listener for every request: its memory is per document, not per request.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ schema, document, operation, request, operationName }) {
      const variables = coercedVariables(request, schema, operation, request.variables);
      // Variables that do not coerce stop execution before any resolver (Apollo's 400).
      if (!variables) return;
      const key = costShape(operation, operationName ?? undefined, variables);
      let known = costs.get(document);
      let complexity = known?.get(key);
      if (complexity === undefined) {
        complexity = operationCost(schema, document, operation, variables);
        if (!known) costs.set(document, (known = new Map()));
        if (known.size >= MAX_SHAPES_PER_DOCUMENT) known.clear();
        known.set(key, complexity);
      }
      if (complexity > maxComplexity) {
        throw edgeError(
          GatewayErrorCode.QUERY_TOO_COMPLEX,
          `Operation complexity ${complexity} exceeds the limit of ${maxComplexity}.`,
        );
      }
    },
  };
  return { requestDidStart: async () => listener };
}
