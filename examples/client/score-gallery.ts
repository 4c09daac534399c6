import type { Client } from './client';
import type { ImageScoresQuery } from './gql/graphql';
import { ImageScoresDocument } from './queries';

type Entry = ImageScoresQuery['imageScores'][number];

/** A gallery's results split by outcome; each list keeps the input order. */
export interface Gallery {
  scored: Array<Extract<Entry, { __typename: 'ImageScore' }>>;
  failed: Array<Extract<Entry, { __typename: 'ImageScoreError' }>>;
}

/**
 * Scores a whole gallery in one request. Each entry of the `ImageScoreResult` union is told
 * apart by `__typename`, which the generated types make a discriminant: inside each case the
 * compiler knows which fields exist, and a new member of the union fails the `never` check
 * below at compile time instead of being dropped silently.
 */
export async function scoreGallery(client: Client, projectName: string, sourceUris: string[]): Promise<Gallery> {
  const { data, errors } = await client.request(ImageScoresDocument, { projectName, sourceUris });
  // The batch itself fails only as a whole (too many URIs, a bad projectName, auth).
  if (!data) throw new Error(`imageScores failed: ${errors.map((error) => error.message).join('; ')}`);
  const gallery: Gallery = { scored: [], failed: [] };
  for (const entry of data.imageScores) {
    switch (entry.__typename) {
      case 'ImageScore':
        gallery.scored.push(entry);
        break;
      case 'ImageScoreError':
        gallery.failed.push(entry);
        break;
      default: {
        const unexpected: never = entry;
        throw new Error(`Unexpected ImageScoreResult member: ${JSON.stringify(unexpected)}`);
      }
    }
  }
  return gallery;
}
