# syntax=docker/dockerfile:1
# Slipstream's service image: the API and worker on embedded defaults, with a pinned Pulumi CLI
# and the AWS provider plugins installed at build time, so a container deploys with nothing
# downloaded at run time. README "Running in a container" has the compose walk-through.

ARG NODE_VERSION=20.20.2
# Must match the @pulumi/pulumi the service is built with (test/deploy/container.test.ts checks).
ARG PULUMI_VERSION=3.248.0

# The Pulumi CLI, verified against the release's published checksums.
FROM node:${NODE_VERSION}-bookworm-slim AS pulumi
ARG PULUMI_VERSION
ARG TARGETARCH
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /tmp/pulumi
RUN case "${TARGETARCH:-amd64}" in amd64) arch=x64 ;; arm64) arch=arm64 ;; *) echo "no Pulumi CLI build for ${TARGETARCH}" >&2; exit 1 ;; esac \
 && tarball="pulumi-v${PULUMI_VERSION}-linux-${arch}.tar.gz" \
 && curl -fsSLo "${tarball}" "https://get.pulumi.com/releases/sdk/${tarball}" \
 && curl -fsSLo checksums.txt "https://github.com/pulumi/pulumi/releases/download/v${PULUMI_VERSION}/pulumi-${PULUMI_VERSION}-checksums.txt" \
 && grep " ${tarball}\$" checksums.txt | sha256sum -c - \
 && mkdir -p /opt/pulumi/bin \
 && tar -xzf "${tarball}" -C /opt/pulumi/bin --strip-components=1

# Production dependencies (better-sqlite3 builds from source if no prebuilt binary fits).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts run for the two packages that need them (native SQLite, esbuild's binary):
# the project's own `prepare` builds the CLI from sources not copied yet; the last stage does.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && npm rebuild better-sqlite3 esbuild

# Provider plugins at the versions of the installed @pulumi/aws and @pulumi/awsx packages: the
# ones the service's workspaces ask for (api/server.ts providerPlugins).
FROM deps AS plugins
COPY --from=pulumi /opt/pulumi /opt/pulumi
ENV PULUMI_HOME=/opt/pulumi-home PULUMI_SKIP_UPDATE_CHECK=true
RUN /opt/pulumi/bin/pulumi plugin install resource aws "v$(node -p "require('@pulumi/aws/package.json').version")" \
 && /opt/pulumi/bin/pulumi plugin install resource awsx "v$(node -p "require('@pulumi/awsx/package.json').version")"

FROM node:${NODE_VERSION}-bookworm-slim
# tini as PID 1: forwards SIGTERM to the service (which cancels running operations gracefully)
# and reaps the Pulumi CLI's child processes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    SLIPSTREAM_DATA_DIR=/var/lib/slipstream \
    SLIPSTREAM_PULUMI_ROOT=/opt/pulumi \
    SLIPSTREAM_PULUMI_HOME=/opt/pulumi-home \
    PULUMI_SKIP_UPDATE_CHECK=true
WORKDIR /app
COPY --from=pulumi /opt/pulumi /opt/pulumi
COPY --from=plugins --chown=node:node /opt/pulumi-home /opt/pulumi-home
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json Pulumi.yaml tsconfig.json tsconfig.pulumi.json ./
COPY bin ./bin
COPY api ./api
COPY blueprints ./blueprints
COPY policies ./policies
COPY programs ./programs
RUN node api/cli/build.js \
 && mkdir -p /var/lib/slipstream \
 && chown node:node /var/lib/slipstream
USER node
VOLUME ["/var/lib/slipstream"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/slipstream.js", "serve"]
