# One image for both the API host and the worker (the CLI's "worker" verb).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/EventSourcedRag.Api -c Release -o /app/api \
 && dotnet publish src/EventSourcedRag.Cli -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app /app
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/api/EventSourcedRag.Api.dll"]
