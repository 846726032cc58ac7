#!/usr/bin/env bash
# Makes a fresh Debian machine (root, no Docker) ready to build, run and test EventSourcedRag.
# Idempotent: every step checks first and says what it did or why it skipped.
#   - installs and starts PostgreSQL 15 and RabbitMQ when they are not reachable
#   - creates the role and database from the settings below
#   - installs Chromium, Node.js and playwright-core for the web app's browser test
#   - installs @redocly/cli for the OpenAPI lint test
#   - installs the docker-compose client (no engine) that the tests validate docker-compose.yml with
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_HOST="${ESRAG_PG_HOST:-127.0.0.1}"
PG_PORT="${ESRAG_PG_PORT:-5432}"
PG_USER="${ESRAG_PG_USER:-esrag}"
PG_PASSWORD="${ESRAG_PG_PASSWORD:-esrag}"
PG_DATABASE="${ESRAG_PG_DATABASE:-esrag}"
RABBIT_PORT="${ESRAG_RABBITMQ_PORT:-5672}"

say() { printf '[setup] %s\n' "$*"; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

wait_for_port() { # host port seconds name
  local i
  for ((i = 0; i < $3 * 2; i++)); do
    if port_open "$1" "$2"; then return 0; fi
    sleep 0.5
  done
  say "ERROR: $4 did not open $1:$2 within $3 s"; return 1
}

# --- PostgreSQL 15 -----------------------------------------------------------
if port_open "$PG_HOST" "$PG_PORT"; then
  say "PostgreSQL already reachable on $PG_HOST:$PG_PORT"
else
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql/15 ]; then
    apt_install postgresql postgresql-contrib
  else
    say "PostgreSQL 15 already installed"
  fi
  if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 \+main'; then
    say "creating cluster 15/main"
    as_root pg_createcluster 15 main >/dev/null
  fi
  say "starting PostgreSQL 15/main"
  as_root pg_ctlcluster 15 main start || true
  wait_for_port "$PG_HOST" "$PG_PORT" 60 PostgreSQL
  say "PostgreSQL started on $PG_HOST:$PG_PORT"
fi

psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -p $PG_PORT $*"; }
if command -v su >/dev/null && id postgres >/dev/null 2>&1; then
  if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"")" != "1" ]; then
    psql_admin "-c \"CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD'\"" >/dev/null
    say "created role $PG_USER"
  else
    say "role $PG_USER exists"
  fi
  if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$PG_DATABASE'\"")" != "1" ]; then
    psql_admin "-c \"CREATE DATABASE $PG_DATABASE OWNER $PG_USER\"" >/dev/null
    say "created database $PG_DATABASE"
  else
    say "database $PG_DATABASE exists"
  fi
else
  say "no local postgres superuser account; assuming role and database are managed elsewhere"
fi

# --- RabbitMQ ----------------------------------------------------------------
if port_open 127.0.0.1 "$RABBIT_PORT"; then
  say "RabbitMQ already reachable on 127.0.0.1:$RABBIT_PORT"
else
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    apt_install rabbitmq-server
  else
    say "RabbitMQ already installed"
  fi
  say "starting RabbitMQ (rabbitmq-server -detached)"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_for_port 127.0.0.1 "$RABBIT_PORT" 120 RabbitMQ
  # The port opens before the broker accepts connections; wait until it reports running.
  for _ in $(seq 1 60); do
    if as_root rabbitmqctl await_startup --timeout 2 >/dev/null 2>&1; then break; fi
    sleep 1
  done
  say "RabbitMQ started on 127.0.0.1:$RABBIT_PORT (guest/guest on loopback)"
fi

# --- Browser test: Chromium and playwright-core ----------------------------------
# The web app's end-to-end test (tests/EventSourcedRag.Api.Tests/WebApp/BrowserTests.cs) drives the Debian Chromium
# through playwright-core, installed from tests/browser/package-lock.json.
if [ -x /usr/bin/chromium ]; then
  say "Chromium already installed"
else
  apt_install chromium chromium-driver
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
fi
BROWSER="$ROOT/tests/browser"
if [ -f "$BROWSER/node_modules/playwright-core/package.json" ] \
   && grep -q "\"version\": \"$(sed -n 's/.*"playwright-core": "\([^"]*\)".*/\1/p' "$BROWSER/package.json")\"" "$BROWSER/node_modules/playwright-core/package.json"; then
  say "playwright-core already installed in tests/browser"
else
  say "npm ci in tests/browser (playwright-core)"
  (cd "$BROWSER" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# --- Redocly's OpenAPI linter ----------------------------------------------------
# The OpenAPI lint test (tests/EventSourcedRag.Api.Tests/WebApp/ApiDocumentTests.cs) runs @redocly/cli, installed
# from tests/openapi/package-lock.json.
OPENAPI="$ROOT/tests/openapi"
if [ -f "$OPENAPI/node_modules/@redocly/cli/package.json" ] \
   && grep -q "\"version\": \"$(sed -n 's/.*"@redocly\/cli": "\([^"]*\)".*/\1/p' "$OPENAPI/package.json")\"" "$OPENAPI/node_modules/@redocly/cli/package.json"; then
  say "@redocly/cli already installed in tests/openapi"
else
  say "npm ci in tests/openapi (@redocly/cli)"
  (cd "$OPENAPI" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# --- docker-compose client, for validating docker-compose.yml --------------------
# No Docker engine runs here; `docker-compose config` needs none. tests/EventSourcedRag.Api.Tests/Container uses it
# to check the file and to take the environment the containers would get.
if command -v docker-compose >/dev/null 2>&1; then
  say "docker-compose already installed"
else
  apt_install docker-compose
fi

say "ready"
