/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query GalleryScores($projectName: String!, $sourceUris: [String!]!) {\n    imageScores(projectName: $projectName, sourceUris: $sourceUris) {\n      __typename\n      ... on ImageScore {\n        sourceUri\n        overallQualityScore\n        breakdown {\n          exposure\n          contrast\n          color\n          sharpness\n          noise\n          composition\n          resolution\n          colorCast\n          banding\n          pixelation\n          impulseNoise\n          levelGaps\n          gamutClip\n          pastedBlocks\n          copiedPatches\n          colorBleed\n          halo\n          lumaLevels\n          edgeRoughness\n          localClipping\n        }\n      }\n      ... on ImageScoreError {\n        sourceUri\n        code\n        message\n      }\n    }\n  }\n": typeof types.GalleryScoresDocument,
};
const documents: Documents = {
    "\n  query GalleryScores($projectName: String!, $sourceUris: [String!]!) {\n    imageScores(projectName: $projectName, sourceUris: $sourceUris) {\n      __typename\n      ... on ImageScore {\n        sourceUri\n        overallQualityScore\n        breakdown {\n          exposure\n          contrast\n          color\n          sharpness\n          noise\n          composition\n          resolution\n          colorCast\n          banding\n          pixelation\n          impulseNoise\n          levelGaps\n          gamutClip\n          pastedBlocks\n          copiedPatches\n          colorBleed\n          halo\n          lumaLevels\n          edgeRoughness\n          localClipping\n        }\n      }\n      ... on ImageScoreError {\n        sourceUri\n        code\n        message\n      }\n    }\n  }\n": types.GalleryScoresDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GalleryScores($projectName: String!, $sourceUris: [String!]!) {\n    imageScores(projectName: $projectName, sourceUris: $sourceUris) {\n      __typename\n      ... on ImageScore {\n        sourceUri\n        overallQualityScore\n        breakdown {\n          exposure\n          contrast\n          color\n          sharpness\n          noise\n          composition\n          resolution\n          colorCast\n          banding\n          pixelation\n          impulseNoise\n          levelGaps\n          gamutClip\n          pastedBlocks\n          copiedPatches\n          colorBleed\n          halo\n          lumaLevels\n          edgeRoughness\n          localClipping\n        }\n      }\n      ... on ImageScoreError {\n        sourceUri\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  query GalleryScores($projectName: String!, $sourceUris: [String!]!) {\n    imageScores(projectName: $projectName, sourceUris: $sourceUris) {\n      __typename\n      ... on ImageScore {\n        sourceUri\n        overallQualityScore\n        breakdown {\n          exposure\n          contrast\n          color\n          sharpness\n          noise\n          composition\n          resolution\n          colorCast\n          banding\n          pixelation\n          impulseNoise\n          levelGaps\n          gamutClip\n          pastedBlocks\n          copiedPatches\n          colorBleed\n          halo\n          lumaLevels\n          edgeRoughness\n          localClipping\n        }\n      }\n      ... on ImageScoreError {\n        sourceUri\n        code\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;