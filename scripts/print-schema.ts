/**
 * Prints the schema the code builds into schema.graphql, or with `--check` fails when the
 * committed file differs from it (the schema drift check CI runs).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { buildGatewaySchema } from '../src/schema/build-schema';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'schema.graphql');

async function run(): Promise<void> {
  // The batch limit is a resolver option, not part of the schema's text.
  const schema = await buildGatewaySchema({ maxBatchSize: 100 });
  const printed = `${printSchema(schema)}\n`;
  if (!process.argv.includes('--check')) {
    fs.writeFileSync(SCHEMA_FILE, printed);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
    return;
  }
  const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (committed !== printed) {
    process.stderr.write(
      'schema.graphql is out of date with the code: run `npm run schema:print` and commit it.\n',
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write('schema.graphql matches the code\n');
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
