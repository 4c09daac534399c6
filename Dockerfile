# syntax=docker/dockerfile:1
# Image score gateway: build with dev dependencies, run with production ones only, as a non-root
# user. Not built in this repo's CI (no Docker engine there); see docs/deploy.md.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# bin/prepare.js is npm's `prepare` step: it builds only once src/ is there (below).
COPY bin ./bin
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY bench ./bench
COPY web ./web
# The gallery page (examples/gallery, on the typed client of examples/client) is bundled by the build.
COPY examples ./examples
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY bin ./bin
# sharp ships prebuilt libvips for linux-x64/arm64 glibc: no compiler needed.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
# The sample bucket keeps the local backend usable out of the box; mount a real one over it.
COPY --chown=root:root data/oss ./data/oss
# Files belong to root and are read-only to the process; it runs as the image's `node` user.
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node as PID 1 gets SIGTERM directly; main.ts drains requests in flight, then exits.
CMD ["node", "dist/src/main.js"]
