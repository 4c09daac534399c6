import fs from 'node:fs';
import path from 'node:path';
import type { CompositionResult } from '@apollo/composition';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { Product, RunningSubgraph } from '../helpers/catalog-subgraph';
import { CATALOG_TYPE_DEFS, startCatalogSubgraph } from '../helpers/catalog-subgraph';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORE_QUERY, postGraphQL, startGateway } from '../helpers/gateway';
import type { RunningSupergraph } from '../helpers/supergraph';
import { composeSupergraph, startSupergraphGateway } from '../helpers/supergraph';

const PHOTOS = ['rocket.jpg', 'coffee.png', 'fruits.jpg', 'home.jpg', 'butterfly.jpg'].map(
  (file) => `oss://samples/${file}`,
);

// 20 products sharing 5 photos, each photo used by 4 products.
const PRODUCTS: Product[] = Array.from({ length: 20 }, (_, i) => ({
  id: `p${i}`,
  title: `Product ${i}`,
  photo: { projectName: 'demo', sourceUri: PHOTOS[i % PHOTOS.length]! },
}));
const MISSING_PHOTO: Product = {
  id: 'no-photo',
  title: 'A product whose photo was deleted',
  photo: { projectName: 'demo', sourceUri: 'oss://samples/deleted.jpg' },
};

type ProductWithScore = {
  id: string;
  title: string;
  photo: { sourceUri: string; overallQualityScore: number } | null;
};

const PRODUCTS_QUERY = /* GraphQL */ `
  query Products {
    products(first: 20) { id title photo { sourceUri overallQualityScore } }
  }
`;

describe('a supergraph of the image score subgraph and a catalog, through @apollo/gateway', () => {
  let scores: RunningGateway;
  let catalog: RunningSubgraph;
  let composition: CompositionResult;
  let supergraph: RunningSupergraph;
  // Sizes of the score loader's batches in the image score subgraph.
  const batches: number[] = [];

  beforeAll(async () => {
    [scores, catalog] = await Promise.all([
      startGateway({}, { observer: { onBatch: (refs) => batches.push(refs.length) } }),
      startCatalogSubgraph([...PRODUCTS, MISSING_PHOTO]),
    ]);
    composition = await composeSupergraph([
      { name: 'scores', url: scores.url },
      { name: 'catalog', url: catalog.url },
    ]);
    if (composition.supergraphSdl) {
      supergraph = await startSupergraphGateway(composition.supergraphSdl);
    }
  });

  afterAll(async () => {
    await supergraph?.close();
    await Promise.all([scores?.close(), catalog?.close()]);
  });

  beforeEach(() => {
    scores.source.calls.length = 0;
    batches.length = 0;
  });

  it('composes with no errors', () => {
    expect(composition.errors).toBeUndefined();
    expect(composition.supergraphSdl).toMatch(/type ImageScore\s[^{]*@join__type\(graph: SCORES, key: "projectName sourceUri"\)/);
  });

  it('composes from the committed files as the rover config does (subgraph.graphql + the catalog)', () => {
    const subgraphSdl = fs.readFileSync(path.join(__dirname, '..', '..', 'subgraph.graphql'), 'utf8');

    const fromFiles = composeServices([
      { name: 'scores', url: 'http://scores:4000/graphql', typeDefs: parse(subgraphSdl) },
      { name: 'catalog', url: 'http://catalog:4001/graphql', typeDefs: CATALOG_TYPE_DEFS },
    ]);

    expect(fromFiles.errors).toBeUndefined();
  });

  it('scores 20 products sharing 5 photos in one query, with 5 scorings and the direct scores', async () => {
    const { status, body } = await postGraphQL<{ products: ProductWithScore[] }>(supergraph.url, PRODUCTS_QUERY);

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const products = body.data!.products;
    expect(products.map(({ id, title, photo }) => ({ id, title, sourceUri: photo?.sourceUri }))).toEqual(
      PRODUCTS.map(({ id, title, photo }) => ({ id, title, sourceUri: photo!.sourceUri })),
    );
    expect(batches).toEqual([PHOTOS.length]);
    expect(scores.source.calls).toHaveLength(PHOTOS.length);
    expect(new Set(scores.source.calls.map((call) => call.sourceUri))).toEqual(new Set(PHOTOS));

    // The same images asked of the subgraph directly (cached now, so no scoring is added).
    for (const product of products) {
      const { body: direct } = await postGraphQL<{ imageScore: { overallQualityScore: number } }>(
        scores.url,
        IMAGE_SCORE_QUERY,
        { projectName: 'demo', sourceUri: product.photo!.sourceUri },
      );
      expect(product.photo!.overallQualityScore).toBe(direct.data!.imageScore.overallQualityScore);
    }
  });

  it("gives a null photo and the subgraph's coded error for a photo that cannot be scored", async () => {
    const { body } = await postGraphQL<{ product: ProductWithScore }>(
      supergraph.url,
      `query { product(id: "${MISSING_PHOTO.id}") { id title photo { overallQualityScore } } }`,
    );

    expect(body.data!.product).toEqual({ id: MISSING_PHOTO.id, title: MISSING_PHOTO.title, photo: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      path: ['product', 'photo'],
      extensions: { code: 'OBJECT_NOT_FOUND' },
    });
  });
});
