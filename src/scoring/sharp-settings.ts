import sharp from 'sharp';

/**
 * Process-wide libvips settings, applied once when the scorer is loaded.
 *
 * The operation cache is off: it keeps the results of recent operations (up to 50 MB and 100
 * items by default) for reuse by an identical later call, but a server scores each uploaded
 * file once (repeats are answered by the score cache above it), so every entry is dead weight.
 * With 32 requests for 12 MP JPEGs in flight through the local backend it raised peak RSS from
 * about 225 MB to about 380 MB (bench/scorer.bench.ts).
 *
 * Thread count is left at sharp's default, which is 1 on glibc Linux without jemalloc (as in
 * node:20-bookworm-slim, the Dockerfile's base) to limit allocator fragmentation; the local
 * backend runs one decode per core instead.
 */
sharp.cache(false);
