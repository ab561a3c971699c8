# One image for every amtsweg service; the service is chosen at build time (--build-arg SERVICE=…)
# or at run time (-e SERVICE=…): gateway, appointments, messaging, signatures, devices.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY .swcrc tsconfig.json ./
COPY libs libs
COPY apps apps
# Compile, then drop the dev dependencies so the runtime stage copies only what runs.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE=gateway
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PORT=3000 \
    DATA_DIR=/var/lib/amtsweg
WORKDIR /app
# Root owns the code; the service runs as `node` (uid 1000) and writes only to DATA_DIR (development
# keys; a volume in compose, an emptyDir in Kubernetes) and /tmp.
RUN mkdir -p /var/lib/amtsweg && chown 1000:1000 /var/lib/amtsweg
COPY package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY scripts/deploy-migrate.sh scripts/deploy-migrate.sh
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=4s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec: node replaces the shell, so SIGTERM reaches the service itself.
CMD ["sh", "-c", "exec node --enable-source-maps \"dist/apps/${SERVICE}/src/main.js\""]
