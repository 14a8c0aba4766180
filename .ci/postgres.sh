#!/usr/bin/env bash
# Installs and starts PostgreSQL on 127.0.0.1:5432 for the repository tests, with a throwaway test role and
# database (o11ydemo/o11ydemo: test-only credentials, reachable only on loopback).
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ci: installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" | sort -n | tail -1)"
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "/etc/postgresql/$version/main/postgresql.conf"
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null

for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'o11ydemo'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role o11ydemo login password 'o11ydemo'\""
su postgres -c "psql -qtAc \"select 1 from pg_database where datname = 'o11ydemo'\"" | grep -q 1 ||
  su postgres -c "createdb -O o11ydemo o11ydemo"
echo "ci: postgresql $version on 127.0.0.1:5432"
