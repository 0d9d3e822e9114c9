# InterviewLM: one image for every role. The command is the `interviewlm` subcommand:
#   docker run -p 3000:3000 -v interviewlm-data:/data --init --stop-timeout 40 interviewlm
#       everything in one container (PGlite and a private Redis under /data)
#   docker run ... -e DATABASE_URL=... -e REDIS_URL=... -e SESSION_SECRET=... interviewlm api
#   docker run ... -e DATABASE_URL=... -e REDIS_URL=... -e SESSION_SECRET=... --no-healthcheck interviewlm workers
# docker-compose.yml runs the split form with PostgreSQL and Redis. The image serves the web app at /
# (built in the first stage below).
#
# Stopping: the platform waits up to SHUTDOWN_TIMEOUT_MS (30 s) for active jobs and requests;
# Docker kills after 10 s unless told otherwise, hence `--stop-timeout 40` (compose:
# stop_grace_period). `--init` (compose: init) makes SIGTERM work during start-up too, before the
# platform installs its own handler: a PID 1 without a handler ignores SIGTERM.

# Stage 1: the browser application. Vite and its React plugin are development dependencies, so they
# are installed here only; the final image receives the built files (dist/web) and nothing else
# from this stage. The web code imports server contracts as types only (erased at build time), but
# src/ is copied too so those imports resolve exactly as in development.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY web ./web
# Writes /app/dist/web (web/vite.config.ts: build.outDir = ../dist/web).
RUN npm run build:web

# Stage 2: the image that runs.
FROM node:20-bookworm-slim

# `start` runs a private redis-server when REDIS_URL is unset, so the plain `docker run` above is a
# working installation. It stays idle (never started) when REDIS_URL is set.
RUN apt-get update \
  && apt-get install -y --no-install-recommends redis-server \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so editing the sources does not reinstall them. Production dependencies are
# enough: the sources run through tsx (a dependency); typescript, drizzle-kit, vitest and biome
# are for development only. The lockfile pins the prebuilt native packages per platform
# (@node-rs/argon2-linux-*-gnu, @esbuild/linux-*), so nothing is compiled here.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# tsconfig.json makes tsx transform exactly as in development (verbatimModuleSyntax and friends).
# The SQL migrations live under src/platform/db/migrations and are applied at start.
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
# The built web app where src/platform/http/web-app.ts serves it from (<repository root>/dist/web).
# web/ itself stays out: without its sources `start` never tries to rebuild (Vite is not installed
# here) and serves this build as it is.
COPY --from=web /app/dist/web ./dist/web

ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATA_DIR=/data

# The application files stay root-owned (read-only to the service); only /data is writable.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

EXPOSE 3000

# The slim image has no curl; Node 20 has fetch. 200 = healthy or degraded, 503 = unhealthy.
# start-period covers migrations and, on the first run, the embedded database's creation.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "--import", "tsx", "src/cli/main.ts"]
CMD ["start"]
