# syntax=docker/dockerfile:1
#
# RiskGrains: the gRPC service and its co-hosted Orleans silo in one image.
#
#   docker build -t riskgrains:local .
#   docker run --rm riskgrains:local keygen desk-1 writer > key.txt   # a key (give it out), and its line:
#   mkdir -p keys && tail -n 1 key.txt >> keys/api-keys                # the key file holds hashes only
#   docker run --rm -p 5000:8080 -v riskgrains-data:/var/lib/riskgrains \
#     -v "$PWD/keys:/etc/riskgrains/keys:ro" riskgrains:local                           # embedded mode
#   (cluster mode, TLS, tokens: see deploy/README.md and SECURITY.md)
#
# Ports: 8080 gRPC (plaintext HTTP/2, h2c; TLS with a certificate), 11111 Orleans silo-to-silo,
# 30000 Orleans gateway. The Orleans ports have no authentication: never publish them.

# ---------------------------------------------------------------------------- build
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project files alone, so the package layer is reused until a project file
# or a central package version changes (source edits do not invalidate it).
COPY Directory.Build.props Directory.Packages.props ./
COPY src/RiskGrains.Model/RiskGrains.Model.csproj src/RiskGrains.Model/
COPY src/RiskGrains.Contract/RiskGrains.Contract.csproj src/RiskGrains.Contract/
COPY src/RiskGrains.Grains/RiskGrains.Grains.csproj src/RiskGrains.Grains/
COPY src/RiskGrains.Server/RiskGrains.Server.csproj src/RiskGrains.Server/
RUN dotnet restore src/RiskGrains.Server/RiskGrains.Server.csproj

# The contract project compiles ../../protos (the server's own baseline.proto, under src/, imports
# from it too); the server ships data/sample/hyperscalers.json and portfolio.json
# (copied to the output only if it exists, so it must be in the build context: see .dockerignore).
COPY protos/ protos/
COPY data/sample/ data/sample/
COPY src/ src/

# No apphost: the entry point is `dotnet RiskGrains.Server.dll`.
RUN dotnet publish src/RiskGrains.Server/RiskGrains.Server.csproj \
        --configuration Release --no-restore --output /app \
        -p:UseAppHost=false

# ---------------------------------------------------------------------------- runtime
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# The embedded store (Embedded mode, the default). Cluster mode keeps everything in Redis and
# does not touch it. Created before the VOLUME line so a new named volume inherits the owner.
RUN mkdir -p /var/lib/riskgrains \
 && chown "$APP_UID:$APP_UID" /var/lib/riskgrains \
 && chmod 0750 /var/lib/riskgrains

WORKDIR /app
# Owned by root and read-only for the app user: the process cannot rewrite its own binaries.
COPY --from=build /app ./

# ASPNETCORE_HTTP_PORTS (8080 in the base image) is cleared so that ASPNETCORE_URLS alone
# decides, without Kestrel's "Overriding HTTP_PORTS" warning at every start.
#
# It listens on every interface, where a server without authentication refuses to start
# (RiskGrains:Auth:Mode None is for loopback only): the image runs in ApiKey mode, reading the key
# file (lines of `<sha256 of the key> <name> <roles>`, made by `keygen`) from a folder mounted at
# /etc/riskgrains/keys. Mount the folder, not the file, so a replaced file is seen without a
# restart. For JWTs instead: RiskGrains__Auth__Mode=Jwt, RiskGrains__Auth__ApiKeysFile= (empty)
# and RiskGrains__Auth__Jwt__* (SECURITY.md).
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS= \
    RiskGrains__DataDir=/var/lib/riskgrains \
    RiskGrains__Auth__Mode=ApiKey \
    RiskGrains__Auth__ApiKeysFile=/etc/riskgrains/keys/api-keys

EXPOSE 8080 11111 30000
VOLUME ["/var/lib/riskgrains"]

# The non-root user of the aspnet image (uid/gid 1654). Numeric, so Kubernetes can verify
# runAsNonRoot without a passwd lookup.
USER $APP_UID

# gRPC health check (grpc.health.v1.Health/Check, service "") without any extra binary: the
# server's own probe mode. Contract: `dotnet RiskGrains.Server.dll probe <url>` exits 0 when the
# answer is SERVING and 1 otherwise (any other status, refused, or no answer within 5 s). It is
# decided before the host is built: it reads no configuration, starts no host or silo and
# touches neither the store nor Redis. See deploy/README.md, "Health checks".
# The URL follows ASPNETCORE_URLS above: change both together. Kubernetes does not use this
# (it has native gRPC probes, deploy/k8s/riskgrains.yaml).
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 \
    CMD ["dotnet", "/app/RiskGrains.Server.dll", "probe", "http://127.0.0.1:8080"]

# Stop: SIGTERM starts a graceful stop (drain watches, deactivate grains, leave the cluster)
# of at most RiskGrains__ShutdownTimeout (15 s); past RiskGrains__ShutdownDeadline
# (25 s) the process exits at once. Give the container at least 30 s (`docker stop -t 30`,
# compose stop_grace_period, Kubernetes terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "RiskGrains.Server.dll"]
