/**
 * Scores a gallery with the typed client: `GalleryScoresDocument` is a TypedDocumentNode, so
 * `client.request` returns `GalleryScoresQuery` and each entry of the `ImageScoreResult` union is
 * narrowed on `__typename`, the discriminant the generated types give it.
 */
import type { Client } from '../client/client';
import type { GalleryScoresQuery } from './gql/graphql';
import { GalleryScoresDocument } from './queries';

/** One entry of `imageScores`: a score, or that image's error. */
export type Entry = GalleryScoresQuery['imageScores'][number];

/** The sub-scores of a local score (the imm backend has none). */
export type Breakdown = NonNullable<Extract<Entry, { __typename: 'ImageScore' }>['breakdown']>;

/** What a tile shows. */
export type TileState =
  | { status: 'scoring'; sourceUri: string }
  | { status: 'scored'; sourceUri: string; overall: number; breakdown: Breakdown | null }
  | { status: 'failed'; sourceUri: string; code: string; message: string };

/** `items` in consecutive batches of at most `size` (MAX_BATCH_SIZE: a longer list is refused whole). */
export function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** A tile from one entry of the union; a new union member fails to compile here. */
export function toTile(entry: Entry): TileState {
  switch (entry.__typename) {
    case 'ImageScore':
      return { status: 'scored', sourceUri: entry.sourceUri, overall: entry.overallQualityScore, breakdown: entry.breakdown };
    case 'ImageScoreError':
      return { status: 'failed', sourceUri: entry.sourceUri, code: entry.code, message: entry.message };
    default: {
      const unexpected: never = entry;
      throw new Error(`Unexpected ImageScoreResult member: ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * One tile per URI, in input order. A batch refused as a whole (no API key, rate limited, a
 * batch too large) gives each of its images that refusal's code and message.
 */
export async function scoreBatch(client: Client, projectName: string, sourceUris: string[]): Promise<TileState[]> {
  const failAll = (code: string, message: string): TileState[] =>
    sourceUris.map((sourceUri) => ({ status: 'failed', sourceUri, code, message }));
  try {
    const { data, errors } = await client.request(GalleryScoresDocument, { projectName, sourceUris });
    if (data) return data.imageScores.map(toTile);
    const [first] = errors;
    return failAll(String(first?.extensions?.code ?? 'INTERNAL'), first?.message ?? 'The gateway sent no result.');
  } catch (error) {
    return failAll('NETWORK', error instanceof Error ? error.message : String(error));
  }
}
