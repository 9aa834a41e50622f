# syntax=docker/dockerfile:1
# Build stage: restore and publish the web host (CI runs the same `dotnet publish` without Docker).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
# Project files first: the restore layer is reused until a dependency changes.
COPY src/CryoCdsHooks.PolicyEngine/CryoCdsHooks.PolicyEngine.csproj src/CryoCdsHooks.PolicyEngine/
COPY src/CryoCdsHooks.FhirAccess/CryoCdsHooks.FhirAccess.csproj src/CryoCdsHooks.FhirAccess/
COPY src/CryoCdsHooks.Web/CryoCdsHooks.Web.csproj src/CryoCdsHooks.Web/
RUN dotnet restore src/CryoCdsHooks.Web/CryoCdsHooks.Web.csproj
COPY src/ src/
RUN dotnet publish src/CryoCdsHooks.Web/CryoCdsHooks.Web.csproj -c Release -o /app --no-restore --nologo

# Runtime stage: ASP.NET Core runtime only (no SDK, no sources), non-root.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# /data holds the SQLite file when Persistence:Provider is Sqlite (single instance); PostgreSQL needs no volume.
RUN mkdir -p /data && chown "$APP_UID" /data
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Persistence__Provider=Sqlite \
    ConnectionStrings__Audit="Data Source=/data/cryocdshooks.db"
VOLUME /data
EXPOSE 8080
# The runtime image has no curl; bash's /dev/tcp is enough to ask /readyz.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "CryoCdsHooks.Web.dll"]
