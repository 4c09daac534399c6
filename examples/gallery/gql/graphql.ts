/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Why an image could not be scored. */
export type ScoreErrorCode =
  /** sourceUri is not oss://<bucket>/<key> within the contract rules. */
  | 'INVALID_SOURCE_URI'
  /** The project does not exist for this backend. */
  | 'PROJECT_NOT_FOUND'
  /** No object at sourceUri. */
  | 'OBJECT_NOT_FOUND'
  /** The object is not a decodable image, or is larger than the limits. */
  | 'UNSUPPORTED_IMAGE'
  /** The caller or the gateway may not read this project or object. */
  | 'FORBIDDEN'
  /** The upstream kept throttling after retries; try again later. */
  | 'THROTTLED'
  /** The upstream failed or timed out; try again later. */
  | 'UPSTREAM_UNAVAILABLE'
  /** An unexpected failure inside the gateway. */
  | 'INTERNAL';

export type GalleryScoresQueryVariables = Exact<{
  projectName: string;
  sourceUris: Array<string> | string;
}>;


export type GalleryScoresQuery = { imageScores: Array<
    | { __typename: 'ImageScore', sourceUri: string, overallQualityScore: number, breakdown: { exposure: number, contrast: number, color: number, sharpness: number, noise: number, composition: number, resolution: number, colorCast: number, banding: number, pixelation: number, impulseNoise: number, levelGaps: number, gamutClip: number, pastedBlocks: number, copiedPatches: number, colorBleed: number, halo: number, lumaLevels: number, edgeRoughness: number, localClipping: number } | null }
    | { __typename: 'ImageScoreError', sourceUri: string, code: ScoreErrorCode, message: string }
  > };


export const GalleryScoresDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GalleryScores"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"projectName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourceUris"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"imageScores"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"projectName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"projectName"}}},{"kind":"Argument","name":{"kind":"Name","value":"sourceUris"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourceUris"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImageScore"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceUri"}},{"kind":"Field","name":{"kind":"Name","value":"overallQualityScore"}},{"kind":"Field","name":{"kind":"Name","value":"breakdown"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exposure"}},{"kind":"Field","name":{"kind":"Name","value":"contrast"}},{"kind":"Field","name":{"kind":"Name","value":"color"}},{"kind":"Field","name":{"kind":"Name","value":"sharpness"}},{"kind":"Field","name":{"kind":"Name","value":"noise"}},{"kind":"Field","name":{"kind":"Name","value":"composition"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"colorCast"}},{"kind":"Field","name":{"kind":"Name","value":"banding"}},{"kind":"Field","name":{"kind":"Name","value":"pixelation"}},{"kind":"Field","name":{"kind":"Name","value":"impulseNoise"}},{"kind":"Field","name":{"kind":"Name","value":"levelGaps"}},{"kind":"Field","name":{"kind":"Name","value":"gamutClip"}},{"kind":"Field","name":{"kind":"Name","value":"pastedBlocks"}},{"kind":"Field","name":{"kind":"Name","value":"copiedPatches"}},{"kind":"Field","name":{"kind":"Name","value":"colorBleed"}},{"kind":"Field","name":{"kind":"Name","value":"halo"}},{"kind":"Field","name":{"kind":"Name","value":"lumaLevels"}},{"kind":"Field","name":{"kind":"Name","value":"edgeRoughness"}},{"kind":"Field","name":{"kind":"Name","value":"localClipping"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImageScoreError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sourceUri"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<GalleryScoresQuery, GalleryScoresQueryVariables>;