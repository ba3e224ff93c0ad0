-- One login role per service, each limited to its own schema (USAGE + CREATE there, nothing
-- elsewhere), with read/write on the tables the migrations create.
--
-- Idempotent. Run it as the role that runs the migrations: the default privileges below apply
-- to tables THAT role creates. Compose runs it once, as the postgres superuser, from
-- /docker-entrypoint-initdb.d; on a managed Postgres run it yourself (docs/operations.md):
--   psql "$MIGRATOR_DATABASE_URL" -v ON_ERROR_STOP=1 -f deploy/postgres/initdb/10-service-roles.sql
-- Passwords are not set here (20-service-passwords.sh does it in compose; your secret manager elsewhere).
-- Schema ↔ role pairs follow SERVICE_SCHEMAS in packages/db/src/services.ts.
DO $$
DECLARE
  pair text[];
BEGIN
  FOREACH pair SLICE 1 IN ARRAY ARRAY[
    ['users', 'users_svc'],
    ['library', 'library_svc'],
    ['scan', 'scan_svc'],
    ['recs', 'recs_svc']
  ]
  LOOP
    BEGIN
      EXECUTE format('CREATE ROLE %I LOGIN', pair[2]);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- exists already (roles are cluster-wide; another database may have made it)
    END;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), pair[2]);
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', pair[1]);
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', pair[1]);
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO %I', pair[1], pair[2]);
    -- Tables already there (the script ran after a migration) and every table migrations add later.
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', pair[1], pair[2]);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', pair[1], pair[2]);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', pair[1], pair[2]);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I', pair[1], pair[2]);
  END LOOP;
END
$$;
