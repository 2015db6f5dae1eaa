# The CLI in a container, for running certificate batches as a Kubernetes Indexed Job
# (docs/kubernetes/). Fonts and data are in the image; the list and the outputs go on a volume.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
# npm ci applies the patches and bundles the CLI (prepare); the build tools are then dropped.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund
USER node
ENTRYPOINT ["node", "/app/bin/declaration-press.js"]
