#!/usr/bin/env bash
# Writes an env file with fresh random values for every secret setting, for docker compose (env_file) or a plain
# process (set -a; . FILE). Usage: scripts/new-secrets.sh [FILE]   (default: .env in the repository root)
# Refuses to overwrite an existing file: replacing Privacy__SubjectKeyMasterKey or Audit__CheckpointKeyPem on a
# deployment with data makes its sealed query texts unreadable and its signed checkpoints unverifiable.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="${1:-$ROOT/.env}"

if [ -e "$FILE" ]; then
  echo "new-secrets: $FILE exists; not overwriting it (move it away first if you really mean to rotate every secret)" >&2
  exit 2
fi
command -v openssl >/dev/null || { echo "new-secrets: openssl is needed (apt-get install openssl)" >&2; exit 2; }

# URL- and connection-string-safe: no '/', '+', '=', ';' or '@' to escape in ConnectionStrings__* or amqp:// URIs.
password() { openssl rand -hex 24; }
key32() { openssl rand -base64 32; }
# PKCS#8 PEM on one line (newlines become spaces): env files hold one line per value, and PEM readers
# (.NET's ImportFromPem included) accept whitespace anywhere in the base64 body.
ecdsa_p256_pem() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | tr '\n' ' ' | sed 's/ *$//'; }

umask 077
TMP="$(mktemp "$(dirname "$FILE")/.new-secrets.XXXXXX")"
trap 'rm -f "$TMP"' EXIT
{
  echo "# Written by scripts/new-secrets.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Keep it out of version control."
  echo "# Services read these as configuration (Section__Key = Section:Key); compose also fills the passwords below in."
  echo "POSTGRES_PASSWORD=$(password)"
  echo "RABBITMQ_PASSWORD=$(password)"
  echo "Privacy__UserHashKey=$(key32)"
  echo "Privacy__SubjectKeyMasterKey=$(key32)"
  echo "Audit__CheckpointKeyPem=$(ecdsa_p256_pem)"
} > "$TMP"
mv "$TMP" "$FILE"
trap - EXIT
echo "new-secrets: wrote $FILE (mode 600)"
