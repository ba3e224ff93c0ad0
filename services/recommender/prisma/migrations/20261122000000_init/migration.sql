-- The recommender's projections are fed only by events. Each row remembers the version
-- (occurred_at, event_id) of the event that last wrote it, so a replayed or late, older
-- event changes nothing.

-- Readers: preferences from users events; deleted_at is a tombstone so that events
-- arriving after user.deleted cannot bring the reader back.
CREATE TABLE "recs"."users" (
  "id" TEXT PRIMARY KEY,
  "preferred_genres" TEXT[] NOT NULL DEFAULT '{}',
  "genre_weights" JSONB NOT NULL DEFAULT '{}'::jsonb,
  "blocked_authors" TEXT[] NOT NULL DEFAULT '{}',
  "language" TEXT,
  "preferences_at" TIMESTAMPTZ(3),
  "preferences_event_id" TEXT,
  "deleted_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Catalogue features from catalog.book-upserted.
CREATE TABLE "recs"."books" (
  "id" TEXT PRIMARY KEY,
  "title" TEXT NOT NULL,
  "authors" TEXT[] NOT NULL DEFAULT '{}',
  "genres" TEXT[] NOT NULL DEFAULT '{}',
  "series" TEXT,
  "series_number" DOUBLE PRECISION,
  "publication_year" INTEGER,
  "language" TEXT,
  "popularity" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "average_rating" DOUBLE PRECISION,
  "cover_url" TEXT,
  "source_at" TIMESTAMPTZ(3) NOT NULL,
  "source_event_id" TEXT NOT NULL,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "books_series_idx" ON "recs"."books" ("series") WHERE "series" IS NOT NULL;

-- One row per (reader, book) in the reader's library; a removal keeps the row as a
-- tombstone (removed = true, strength 0) so an older add arriving late stays ignored.
CREATE TABLE "recs"."interactions" (
  "user_id" TEXT NOT NULL,
  "book_id" TEXT NOT NULL,
  "user_book_id" TEXT NOT NULL,
  "status" TEXT,
  "rating" DOUBLE PRECISION,
  "owned" BOOLEAN NOT NULL DEFAULT false,
  "shelves" TEXT[] NOT NULL DEFAULT '{}',
  "strength" DOUBLE PRECISION NOT NULL,
  "removed" BOOLEAN NOT NULL DEFAULT false,
  "occurred_at" TIMESTAMPTZ(3) NOT NULL,
  "event_id" TEXT NOT NULL,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("user_id", "book_id")
);
CREATE INDEX "interactions_positive_idx" ON "recs"."interactions" ("user_id") WHERE "strength" > 0 AND NOT "removed";

-- Reader feedback on recommendations: the latest one per book wins.
CREATE TABLE "recs"."feedback" (
  "user_id" TEXT NOT NULL,
  "book_id" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("user_id", "book_id"),
  CONSTRAINT "feedback_type_check" CHECK ("type" IN ('like', 'dismiss'))
);

-- Trained models. Versions sort by training time; one row per training job, so a
-- retried job reuses its model instead of training another.
CREATE TABLE "recs"."models" (
  "version" TEXT PRIMARY KEY,
  "kind" TEXT NOT NULL,
  "params" JSONB NOT NULL DEFAULT '{}'::jsonb,
  "metrics" JSONB NOT NULL DEFAULT '{}'::jsonb,
  "blob" BYTEA NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'ready',
  "train_job_id" TEXT NOT NULL,
  -- First reader id of each batch, fixed by the first attempt of the training job.
  "batch_plan" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "completed_at" TIMESTAMPTZ(3),
  CONSTRAINT "models_status_check" CHECK ("status" IN ('ready', 'complete'))
);
CREATE UNIQUE INDEX "models_train_job_id_key" ON "recs"."models" ("train_job_id");

-- A reader's current list: one header row (its model version) and its ranked items,
-- always replaced together in one transaction.
CREATE TABLE "recs"."recommendation_lists" (
  "user_id" TEXT PRIMARY KEY,
  "model_version" TEXT NOT NULL,
  "generated_at" TIMESTAMPTZ(3) NOT NULL,
  "item_count" INTEGER NOT NULL
);
CREATE TABLE "recs"."recommendations" (
  "user_id" TEXT NOT NULL,
  "book_id" TEXT NOT NULL,
  "rank" INTEGER NOT NULL,
  "score" DOUBLE PRECISION NOT NULL,
  "reasons" JSONB NOT NULL,
  "model_version" TEXT NOT NULL,
  "generated_at" TIMESTAMPTZ(3) NOT NULL,
  PRIMARY KEY ("user_id", "book_id")
);
CREATE INDEX "recommendations_user_rank_idx" ON "recs"."recommendations" ("user_id", "rank");

-- Platform tables: transactional outbox and consumer inbox.
CREATE TABLE "recs".outbox (
  id text PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON "recs".outbox (id) WHERE published_at IS NULL;
CREATE TABLE "recs".inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
