import { ScoreError } from '../errors';
import { parseSourceUri } from '../datasources/source-uri';
import { badUserInput } from '../graphql-errors';

// IMM's rule for project names: 1 to 128 letters, digits, `_` and `-`.
const PROJECT_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** @throws GraphQLError BAD_USER_INPUT when the name cannot be an IMM project name */
export function assertProjectName(projectName: string): void {
  if (!PROJECT_NAME.test(projectName)) {
    throw badUserInput(
      'Invalid projectName: expected 1 to 128 letters, digits, underscores or hyphens.',
    );
  }
}

/** Returns the reason a sourceUri breaks the contract, or undefined when it is well formed. */
export function sourceUriProblem(sourceUri: string): ScoreError | undefined {
  try {
    parseSourceUri(sourceUri);
    return undefined;
  } catch (error) {
    if (error instanceof ScoreError) return error;
    throw error;
  }
}
