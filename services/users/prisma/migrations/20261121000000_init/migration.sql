-- Shadow users: one row per external identity (issuer + subject); no credentials here.
CREATE TABLE "users"."users" (
  "id" TEXT PRIMARY KEY,
  "idp_issuer" TEXT NOT NULL,
  "idp_subject" TEXT NOT NULL,
  "email" TEXT,
  "display_name" TEXT,
  "domain_preferences" JSONB NOT NULL DEFAULT '{}'::jsonb,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "deleted_at" TIMESTAMPTZ(3),
  CONSTRAINT "users_domain_preferences_object" CHECK (jsonb_typeof("domain_preferences") = 'object')
);
-- One live account per identity; a deleted account's tombstone frees the identity to sign up again.
CREATE UNIQUE INDEX "users_idp_identity_live_key" ON "users"."users" ("idp_issuer", "idp_subject") WHERE "deleted_at" IS NULL;

-- RFC 7396 JSON merge patch, applied inside the UPDATE so concurrent patches never lose each other.
CREATE FUNCTION "users".jsonb_merge_patch(target jsonb, patch jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  result jsonb;
  k text;
  v jsonb;
BEGIN
  IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
    RETURN patch;
  END IF;
  IF target IS NULL OR jsonb_typeof(target) <> 'object' THEN
    result := '{}'::jsonb;
  ELSE
    result := target;
  END IF;
  FOR k, v IN SELECT * FROM jsonb_each(patch) LOOP
    IF jsonb_typeof(v) = 'null' THEN
      result := result - k;
    ELSE
      result := jsonb_set(result, ARRAY[k], "users".jsonb_merge_patch(result -> k, v));
    END IF;
  END LOOP;
  RETURN result;
END
$$;

-- Platform tables: transactional outbox and consumer inbox.
CREATE TABLE "users".outbox (
  id text PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON "users".outbox (id) WHERE published_at IS NULL;
CREATE TABLE "users".inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
