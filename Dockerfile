# One image for the API replicas and the worker: the API's entry point, with the esrag CLI beside it.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/EventSourcedRag.Api -c Release -o /app/api \
 && dotnet publish src/EventSourcedRag.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# libgomp1: LightGBM's native library (reranker training in the worker) links OpenMP.
# curl: the health check below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
# The search index snapshot is written beside the binaries (Retrieval:SnapshotFolder, relative to the content
# root): the only folder the service writes, so the only one the non-root user owns.
RUN mkdir -p /app/api/index-snapshots && chown "$APP_UID" /app/api/index-snapshots
USER $APP_UID
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    PATH=/app/cli:$PATH
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "/app/api/EventSourcedRag.Api.dll"]
