import type { SelectionSetNode, ValidationRule } from 'graphql';
import { GraphQLError, Kind } from 'graphql';
import { FragmentMemo, fragmentsOf } from '../limits/selection-walk';

/**
 * Refuses an operation whose selections nest deeper than `maxDepth` (root fields are depth 0,
 * so `imageScore { breakdown { exposure } }` is depth 2). Introspection fields (`__schema`,
 * `__typename`, ...) count at their own depth but their selections are not followed, so an IDE's
 * introspection query passes whatever the limit (introspection itself is off in production).
 * The rules of graphql-depth-limit, which this replaces.
 *
 * The depth below each fragment is computed once and reused at every spread, so validation is
 * linear in the document's size (graphql-depth-limit followed every spread anew: a 1 KB document
 * of fragments spreading the previous one twice took seconds). One error per operation.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => ({
    Document(document) {
      const memo = new FragmentMemo<number>(fragmentsOf(document), 0);
      // The deepest field below a selection set, counting that set's own fields as 0.
      const depthOf = (selectionSet: SelectionSetNode): number => {
        let deepest = 0;
        for (const selection of selectionSet.selections) {
          let depth = 0;
          if (selection.kind === Kind.FIELD) {
            const followed = selection.selectionSet && !selection.name.value.startsWith('__');
            depth = followed && selection.selectionSet ? 1 + depthOf(selection.selectionSet) : 0;
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            depth = depthOf(selection.selectionSet);
          } else {
            depth = memo.get(selection.name.value, (fragment) => depthOf(fragment.selectionSet)) ?? 0;
          }
          deepest = Math.max(deepest, depth);
        }
        return deepest;
      };
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const depth = depthOf(definition.selectionSet);
        if (depth > maxDepth) {
          const name = definition.name ? `'${definition.name.value}'` : 'The operation';
          context.reportError(
            new GraphQLError(`${name} has depth ${depth}, which exceeds maximum operation depth of ${maxDepth}.`, {
              nodes: [definition],
            }),
          );
        }
      }
      // Nothing below the document needs visiting for this rule.
      return false;
    },
  });
}
