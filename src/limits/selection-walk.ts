import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionNode,
} from 'graphql';
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
} from 'graphql';
import type { GraphQLCompositeType } from 'graphql';
import type { CoercedVariables } from './coerced-variables';

/** The operations of `document` that will run: the named one, or every one when unknown. */
export function operationsToRun(
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
): OperationDefinitionNode[] {
  if (operation) return [operation];
  return document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
}

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Whether execution will include `node`, by its `@skip` and `@include` on the coerced values.
 * A directive whose argument cannot be read counts the node in: the limits err on the side of
 * counting.
 */
export function isIncluded(node: SelectionNode, variables: CoercedVariables): boolean {
  if (!node.directives?.length) return true;
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
  } catch {
    return true;
  }
  return true;
}

/** The definition of `node` on `parent`, meta fields included; undefined when unknown. */
export function fieldDefOf(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  node: FieldNode,
): GraphQLField<unknown, unknown> | undefined {
  const name = node.name.value;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/**
 * The arguments of `node` as execution will coerce them (defaults and variables applied), or
 * undefined where that coercion fails: execution then fails the field before its resolver runs,
 * so it scores, costs and names nothing.
 */
export function argumentsOf(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: CoercedVariables,
): Record<string, unknown> | undefined {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return undefined;
  }
}

/**
 * A per-walk memo of a value computed for each fragment definition, so that a fragment spread
 * N times costs one computation, not N: the walks over a document are then linear in its
 * size, whatever its spreads. A fragment met again while it is being computed (a cycle, which
 * validation refuses anyway) counts as `cycleValue`.
 */
export class FragmentMemo<T> {
  private readonly values = new Map<string, T>();
  private readonly active = new Set<string>();

  constructor(
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly cycleValue: T,
  ) {}

  /** The value of fragment `name`, computed by `compute` once; undefined when there is none. */
  get(name: string, compute: (fragment: FragmentDefinitionNode) => T): T | undefined {
    const known = this.values.get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment) return undefined;
    if (this.active.has(name)) return this.cycleValue;
    this.active.add(name);
    try {
      const value = compute(fragment);
      this.values.set(name, value);
      return value;
    } finally {
      this.active.delete(name);
    }
  }
}
