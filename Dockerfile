# dd-lint-webhook (and the dd-lint CLI) as a small, non-root image.
#   docker build -t dd-lint-webhook:0.1.0 .
#   docker run --rm -p 8443:8443 -p 8080:8080 dd-lint-webhook:0.1.0 --host 0.0.0.0
# Stage 1 builds with the dev dependencies; stage 2 holds only the compiled JS, the policies, the
# schemas and the production dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY policies ./policies
COPY src ./src
COPY webhook ./webhook
COPY test ./test
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/dist/webhook ./dist/webhook
COPY --from=build /src/policies ./policies
COPY --from=build /src/schemas ./schemas
COPY docs ./docs
COPY LICENSE README.md ./
# The image's own "node" user (uid 1000); the chart also sets runAsNonRoot and a read-only root.
USER 1000:1000
EXPOSE 8443 8080
ENTRYPOINT ["node", "/app/dist/webhook/bin.js"]
