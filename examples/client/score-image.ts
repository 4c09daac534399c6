import type { Client } from './client';
import type { ImageScoreQuery } from './gql/graphql';
import { ImageScoreDocument } from './queries';

/** A scored image, as the ImageScore query selects it. */
export type ScoredImage = NonNullable<ImageScoreQuery['imageScore']>;

/** One image's outcome: its score, or the error code the gateway gave for it. */
export type ImageOutcome =
  | { ok: true; score: ScoredImage }
  | { ok: false; code: string; message: string };

/**
 * Scores one image. The single query reports a failure in `errors` (with `data.imageScore`
 * null), its `extensions.code` a ScoreErrorCode such as OBJECT_NOT_FOUND, or BAD_USER_INPUT for
 * a malformed sourceUri; this turns that into a value the caller can branch on.
 */
export async function scoreImage(client: Client, projectName: string, sourceUri: string): Promise<ImageOutcome> {
  const { data, errors } = await client.request(ImageScoreDocument, { projectName, sourceUri });
  if (data?.imageScore) return { ok: true, score: data.imageScore };
  const [error] = errors;
  return {
    ok: false,
    code: error?.extensions?.code ?? 'UNKNOWN',
    message: error?.message ?? 'No score and no error in the response.',
  };
}
