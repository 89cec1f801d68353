# syntax=docker/dockerfile:1
# okta-idaas-sync daemon image. Build: docker build -t okta-idaas-sync .
# Config is read from /app/config (mount your own over it); secrets come from the environment
# or from files named by *_FILE variables (see docker-compose.yml).

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY jobs ./jobs
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# OISYNC_HOST: the example config listens on ${OISYNC_HOST:-127.0.0.1}; in a container the
# status page must listen on all interfaces, which requires server.adminToken.
# NODE_OPTIONS: a bounded heap keeps the daemon's memory what it needs (about 200-230 MB RSS
# measured at 10k-100k users by `npm run bench`) instead of what V8 allows itself on a large
# host; raise it for orgs well beyond 100k users.
ENV NODE_ENV=production \
    OISYNC_CONFIG=/app/config/oisync.yaml \
    OISYNC_HOST=0.0.0.0 \
    NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY config ./config
USER node
# The status page, JSON API, /metrics and /admin/queues (server.port).
EXPOSE 8080
# Liveness from /healthz (unauthenticated). The slim image has no curl: node's http does it.
# Change the port here too if server.port is not 8080. (`oisync worker` serves no HTTP: give
# worker containers `--no-healthcheck` or their own check.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({host:'127.0.0.1',port:8080,path:'/healthz',timeout:4000},(r)=>process.exit(r.statusCode===200?0:1)).on('timeout',function(){this.destroy()}).on('error',()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["daemon"]
