import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Kind, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { argumentsOf } from '../limits/selection-walk';

/**
 * Every project an operation names: each `projectName` argument of any field (literal or
 * variable), and the `projectName` of each federation `_entities` representation (literal,
 * variable, or a variable inside a literal representation). The access check runs on this list
 * before execution, so no field can score a project the caller may not see.
 *
 * `variables` must be the **coerced** values (see `coercedVariables`): execution applies a
 * variable's default when the client sends none, so a check on the raw JSON would not see
 * `query ($p: String = "other")`. Arguments are read with graphql-js's own `getArgumentValues`,
 * as execution reads them. Every fragment of the document is walked (used or not, each once),
 * so the walk is linear in the document's size.
 */
export function operationProjects(
  schema: GraphQLSchema,
  document: DocumentNode,
  /** The operation to run; when unknown, every definition of the document is walked. */
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown>,
): string[] {
  const projects = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const field = typeInfo.getFieldDef();
      if (!field) return;
      const args = argumentsOf(field, node, variables);
      if (!args) return;
      if (typeof args.projectName === 'string') projects.add(args.projectName);
      if (field.name === '_entities' && Array.isArray(args.representations)) {
        for (const representation of args.representations as unknown[]) {
          const projectName = (representation as { projectName?: unknown } | null)?.projectName;
          if (projectName !== undefined) projects.add(String(projectName));
        }
      }
    },
  });
  for (const definition of document.definitions) {
    if (!operation || definition === operation || definition.kind === Kind.FRAGMENT_DEFINITION) {
      visit(definition, visitor);
    }
  }
  return [...projects];
}
