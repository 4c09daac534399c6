import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';
import type { CoercedVariables } from './coerced-variables';
import { argumentsOf, fieldDefOf, FragmentMemo, fragmentsOf, isIncluded, operationsToRun } from './selection-walk';

/**
 * How many images the operation that will run asks to score, on coerced variables: 1 per
 * `imageScore`, the length of each `imageScores` `sourceUris`, the number of each `_entities`
 * `representations`; aliases and repeated fields add up (before deduplication, which happens
 * later), fragments and inline fragments included, `@skip`/`@include` honoured. Only Query's
 * own fields can score, and Query is only ever the root type, so the walk stays at the root
 * selection sets (fragments on Query included). An `imageScores` list longer than
 * `maxBatchSize` counts 0: its resolver refuses it whole (`BAD_USER_INPUT`) and scores none.
 *
 * Each fragment is counted once and its count reused at every spread, so the walk is linear in
 * the document's size.
 */
export function operationImageCount(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: CoercedVariables,
  /** The resolver's bound on one `sourceUris` list. */
  maxBatchSize: number,
): number {
  const query = schema.getQueryType();
  if (!query) return 0;
  const fragments = fragmentsOf(document);
  const memo = new FragmentMemo<number>(fragments, 0);

  const count = (selectionSet: SelectionSetNode): number => {
    let images = 0;
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, variables)) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const field = fieldDefOf(schema, query, selection);
          if (!field) break;
          const args = argumentsOf(field, selection, variables);
          if (!args) break;
          images += imagesOfField(field.name, args, maxBatchSize);
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const definition = fragments.get(selection.name.value);
          if (definition?.typeCondition.name.value !== query.name) break;
          images += memo.get(selection.name.value, (fragment) => count(fragment.selectionSet)) ?? 0;
          break;
        }
        case Kind.INLINE_FRAGMENT:
          if (!selection.typeCondition || selection.typeCondition.name.value === query.name) {
            images += count(selection.selectionSet);
          }
          break;
      }
    }
    return images;
  };

  let total = 0;
  for (const op of operationsToRun(document, operation)) {
    if (op.operation === 'query') total += count(op.selectionSet);
  }
  return total;
}

function imagesOfField(name: string, args: Record<string, unknown>, maxBatchSize: number): number {
  switch (name) {
    case 'imageScore':
      return 1;
    case 'imageScores':
      return Array.isArray(args.sourceUris) && args.sourceUris.length <= maxBatchSize ? args.sourceUris.length : 0;
    case '_entities':
      return Array.isArray(args.representations) ? args.representations.length : 0;
    default:
      return 0;
  }
}
