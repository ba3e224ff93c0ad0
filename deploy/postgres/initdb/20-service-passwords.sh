#!/bin/sh
# Compose only: gives each service role the password compose passes to this container
# (the same ones the services' DATABASE_URLs carry). Runs once, when the data volume is new.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v users_pw="${USERS_SVC_PASSWORD:?}" \
  -v library_pw="${LIBRARY_SVC_PASSWORD:?}" \
  -v scan_pw="${SCAN_SVC_PASSWORD:?}" \
  -v recs_pw="${RECS_SVC_PASSWORD:?}" <<'SQL'
ALTER ROLE users_svc PASSWORD :'users_pw';
ALTER ROLE library_svc PASSWORD :'library_pw';
ALTER ROLE scan_svc PASSWORD :'scan_pw';
ALTER ROLE recs_svc PASSWORD :'recs_pw';
SQL
