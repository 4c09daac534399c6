/**
 * GraphQL Code Generator's schema source: the plain API schema, built from the type-graphql
 * classes exactly as the gateway builds it. codegen.yml loads this file from `dist/` (tsc
 * output), since type-graphql needs decorator metadata that esbuild-based loaders do not emit.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildApiSchema } from '../../src/resolvers/build-schema';

// The batch limit is a resolver option, not part of the schema's text.
/** The schema codegen reads (its code-file loader awaits an exported promise). */
export const schema: Promise<GraphQLSchema> = buildApiSchema({ maxBatchSize: 100 });
