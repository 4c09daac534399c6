/**
 * The example client from the command line (after `npx tsc -p examples/client`):
 *   node dist/examples/client/main.js [--url http://localhost:4000/graphql] oss://samples/rocket.jpg ...
 * One URI asks `imageScore`; several ask `imageScores` in one request.
 */
import { parseArgs } from 'node:util';
import { createClient } from './client';
import { scoreGallery } from './score-gallery';
import { scoreImage } from './score-image';

async function main(args: string[]): Promise<void> {
  const { values, positionals: uris } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: 'http://localhost:4000/graphql' },
      project: { type: 'string', default: 'demo' },
    },
    allowPositionals: true,
  });
  const [first] = uris;
  if (!first) throw new Error('usage: main.js [--url <graphql url>] [--project <name>] <oss uri>...');
  const client = createClient(values.url, { apiKey: process.env.GATEWAY_API_KEY });

  if (uris.length === 1) {
    const outcome = await scoreImage(client, values.project, first);
    console.log(outcome.ok ? `${first}\t${outcome.score.overallQualityScore}` : `${first}\t${outcome.code}\t${outcome.message}`);
    return;
  }
  const { scored, failed } = await scoreGallery(client, values.project, uris);
  for (const image of scored) console.log(`${image.sourceUri}\t${image.overallQualityScore}`);
  for (const error of failed) console.log(`${error.sourceUri}\t${error.code}\t${error.message}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
