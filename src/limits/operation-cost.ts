import type {
  DocumentNode,
  GraphQLCompositeType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { getNamedType, isAbstractType, isCompositeType, Kind } from 'graphql';
import type { CoercedVariables } from './coerced-variables';
import { argumentsOf, fieldDefOf, FragmentMemo, fragmentsOf, isIncluded, operationsToRun } from './selection-walk';

/** Arguments whose list length multiplies the cost of the field's selection. */
const KEY_LISTS = ['sourceUris', 'representations'] as const;

/**
 * The cost of the operation that will run, on coerced variables: each selected field costs 1
 * plus its selection, except a field taking a list of keys (`sourceUris`, federation
 * `representations`), which costs 1 plus its selection once per item; aliases add up; a
 * selection on a union or interface costs its most expensive member; `@skip`/`@include` are
 * honoured. (The rules of graphql-query-complexity with `simpleEstimator`, which this replaces.)
 *
 * Each fragment's cost is computed once, so the walk is linear in the document's size: a
 * fragment spread twice at each of 40 levels costs 40 computations, not 2^40. With no
 * operation named, the operations' costs are summed.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: CoercedVariables,
): number {
  const fragments = fragmentsOf(document);
  const memo = new FragmentMemo<number>(fragments, 0);
  const typeOf = (name: string): GraphQLCompositeType | undefined => {
    const type = schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  const selectionCost = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number => {
    const byType = new Map<string, number>();
    const add = (cost: number, type: GraphQLCompositeType) => {
      const names = isAbstractType(type) ? schema.getPossibleTypes(type).map((t) => t.name) : [type.name];
      for (const name of names) byType.set(name, (byType.get(name) ?? 0) + cost);
    };
    for (const selection of selectionSet.selections) {
      if (!isIncluded(selection, variables)) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const field = fieldDefOf(schema, parent, selection);
          if (!field) break;
          const args = argumentsOf(field, selection, variables);
          if (!args) break;
          const type = getNamedType(field.type);
          const child = isCompositeType(type) && selection.selectionSet ? selectionCost(selection.selectionSet, type) : 0;
          const list = KEY_LISTS.map((name) => args[name]).find(Array.isArray) as unknown[] | undefined;
          add(list ? 1 + Math.max(list.length, 1) * Math.max(child, 1) : 1 + child, parent);
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const definition = fragments.get(selection.name.value);
          const type = definition && typeOf(definition.typeCondition.name.value);
          if (!type) break;
          const cost = memo.get(selection.name.value, (fragment) => selectionCost(fragment.selectionSet, type));
          if (cost !== undefined) add(cost, type);
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const named = selection.typeCondition ? typeOf(selection.typeCondition.name.value) : parent;
          if (!named) break;
          add(selectionCost(selection.selectionSet, named), named);
          break;
        }
      }
    }
    return Math.max(0, ...byType.values());
  };

  let total = 0;
  for (const op of operationsToRun(document, operation)) {
    const root = schema.getRootType(op.operation);
    if (root) total += selectionCost(op.selectionSet, root);
  }
  return total;
}
