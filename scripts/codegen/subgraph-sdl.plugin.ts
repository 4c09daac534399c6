/**
 * A GraphQL Code Generator plugin that writes the subgraph SDL: the text the served schema
 * answers to `{ _service { sdl } }`, with the `@link` to Federation 2 and the `@key`s, which
 * is what `rover supergraph compose` reads from a file. It ignores the schema codegen loaded
 * (the plain API schema) and builds the served one, so the file is the server's own answer.
 */
import 'reflect-metadata';
import { graphql } from 'graphql';
import { buildGatewaySchema } from '../../src/resolvers/build-schema';

/** Codegen's plugin entry point. */
export async function plugin(): Promise<string> {
  const schema = await buildGatewaySchema({ maxBatchSize: 100 });
  const result = await graphql({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: unknown } } | null | undefined)?._service?.sdl;
  if (result.errors?.length || typeof sdl !== 'string') {
    throw new Error(`_service { sdl } failed: ${result.errors?.map((e) => e.message).join('; ')}`);
  }
  return `${sdl.trimEnd()}\n`;
}
