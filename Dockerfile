# dd-lint-webhook and the dd-lint CLI in one small, non-root image (docs/container.md).
#   docker build -t dd-lint-webhook:0.1.0 .
#   docker run --rm -p 8443:8443 -p 8080:8080 dd-lint-webhook:0.1.0 --host 0.0.0.0      # the webhook
#   docker run --rm -v "$PWD:/work" -w /work dd-lint-webhook:0.1.0 dd-lint values.yaml    # the CLI
# Stage 1 builds with the dev dependencies; stage 2 holds only the compiled JS, the policies, the
# schemas and the production dependencies. Both stages start from the same Node LTS image: pin it
# by digest with --build-arg NODE_IMAGE=node:22.23.5-bookworm-slim@sha256:<digest> (docs/container.md).
ARG NODE_IMAGE=node:22.23.5-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The webhook's server stack is the dependencies of its npm workspace (webhook/package.json).
COPY webhook/package.json webhook/bin.mjs ./webhook/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY schemas ./schemas
COPY policies ./policies
COPY src ./src
COPY webhook ./webhook
COPY test ./test
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=
ARG CREATED=
ARG SOURCE=
LABEL org.opencontainers.image.title="dd-lint" \
      org.opencontainers.image.description="Linter and validating admission webhook for Datadog-on-Kubernetes misconfigurations" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/bundle ./dist/bundle
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/dist/webhook ./dist/webhook
COPY --from=build /src/webhook/package.json /src/webhook/bin.mjs ./webhook/
COPY --from=build /src/policies ./policies
COPY --from=build /src/schemas ./schemas
COPY --from=build /src/scripts/container-entrypoint.sh /usr/local/bin/dd-lint-entrypoint
COPY docs ./docs
COPY LICENSE README.md ./
# Both commands on PATH, as npm would link them.
RUN ln -s /app/dist/bundle/dd-lint.cjs /usr/local/bin/dd-lint \
 && ln -s /app/dist/webhook/bin.js /usr/local/bin/dd-lint-webhook \
 && chmod 755 /app/dist/bundle/dd-lint.cjs /app/dist/webhook/bin.js /usr/local/bin/dd-lint-entrypoint
# The image's own "node" user (uid 1000); the chart also sets runAsNonRoot and a read-only root.
USER 1000:1000
EXPOSE 8443 8080
ENTRYPOINT ["dd-lint-entrypoint"]
