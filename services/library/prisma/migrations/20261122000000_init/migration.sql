-- Trigram matching for typo- and OCR-tolerant catalogue search. Installed in public so every
-- schema's search_path (service, public) sees its operators.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- The catalogue. search_text / title_norm / authors_norm are normalised by the application
-- (lower case, accents and punctuation folded) so queries and rows are folded the same way.
CREATE TABLE "library"."books" (
  "id" TEXT PRIMARY KEY,
  "title" TEXT NOT NULL,
  "subtitle" TEXT,
  "series" TEXT,
  "series_number" DOUBLE PRECISION,
  "authors" TEXT[] NOT NULL DEFAULT '{}',
  "isbn10" TEXT,
  "isbn13" TEXT,
  "publisher" TEXT,
  "publication_year" INTEGER,
  "language" TEXT,
  "page_count" INTEGER,
  "genres" TEXT[] NOT NULL DEFAULT '{}',
  "cover_url" TEXT,
  "average_rating" DOUBLE PRECISION,
  "ratings_count" INTEGER NOT NULL DEFAULT 0,
  "source" TEXT NOT NULL,
  "source_id" TEXT NOT NULL,
  "title_norm" TEXT NOT NULL,
  "authors_norm" TEXT NOT NULL,
  "search_text" TEXT NOT NULL,
  "author_sort" TEXT NOT NULL DEFAULT '',
  "search_tsv" TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', "search_text")) STORED,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "books_isbn10_format" CHECK ("isbn10" ~ '^[0-9]{9}[0-9X]$'),
  CONSTRAINT "books_isbn13_format" CHECK ("isbn13" ~ '^97[89][0-9]{10}$'),
  CONSTRAINT "books_page_count_positive" CHECK ("page_count" > 0),
  CONSTRAINT "books_ratings_count_nonnegative" CHECK ("ratings_count" >= 0)
);
CREATE UNIQUE INDEX "books_source_key" ON "library"."books" ("source", "source_id");
CREATE UNIQUE INDEX "books_isbn13_key" ON "library"."books" ("isbn13") WHERE "isbn13" IS NOT NULL;
CREATE UNIQUE INDEX "books_isbn10_key" ON "library"."books" ("isbn10") WHERE "isbn10" IS NOT NULL;
-- fastupdate off: the catalogue changes in bulk imports, and a GIN pending list left behind by one
-- makes every search scan it linearly until the next vacuum.
CREATE INDEX "books_search_tsv_idx" ON "library"."books" USING GIN ("search_tsv") WITH (fastupdate = off);
CREATE INDEX "books_search_trgm_idx" ON "library"."books" USING GIN ("search_text" public.gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX "books_title_trgm_idx" ON "library"."books" USING GIN ("title_norm" public.gin_trgm_ops) WITH (fastupdate = off);

-- Every word of the catalogue's search text: query words are corrected against it (typos, OCR
-- noise) before the full-text query runs. Words only accumulate; a stale one costs nothing.
CREATE TABLE "library"."search_words" (
  "word" TEXT PRIMARY KEY
);
-- GiST, not GIN: it serves the nearest-word ordering (<->) straight from the index.
CREATE INDEX "search_words_trgm_idx" ON "library"."search_words" USING GIST ("word" public.gist_trgm_ops);

-- Per reader: who may see the library, and whether follows need approval.
CREATE TABLE "library"."library_settings" (
  "user_id" TEXT PRIMARY KEY,
  "visibility" TEXT NOT NULL DEFAULT 'followers',
  "approve_followers" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "library_settings_visibility" CHECK ("visibility" IN ('public', 'followers', 'private'))
);

-- One row per (reader, book).
CREATE TABLE "library"."user_books" (
  "id" TEXT PRIMARY KEY,
  "user_id" TEXT NOT NULL,
  "book_id" TEXT NOT NULL REFERENCES "library"."books" ("id"),
  "status" TEXT,
  "rating" NUMERIC(2, 1),
  "review" TEXT,
  "review_spoiler" BOOLEAN NOT NULL DEFAULT false,
  "private_notes" TEXT,
  "shelves" TEXT[] NOT NULL DEFAULT '{}',
  "progress_page" INTEGER,
  "progress_percent" NUMERIC(5, 2),
  "started_on" DATE,
  "finished_on" DATE,
  "read_count" INTEGER NOT NULL DEFAULT 0,
  "owned" BOOLEAN NOT NULL DEFAULT false,
  "location_shelf" TEXT,
  "location_position" INTEGER,
  "loaned_to" TEXT,
  "loaned_since" DATE,
  "visibility" TEXT,
  "source" TEXT NOT NULL DEFAULT 'app',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "user_books_status" CHECK ("status" IN ('want_to_read', 'reading', 'read', 'did_not_finish', 'paused')),
  CONSTRAINT "user_books_rating_halves" CHECK ("rating" BETWEEN 0.5 AND 5 AND ("rating" * 2) = trunc("rating" * 2)),
  CONSTRAINT "user_books_progress_page" CHECK ("progress_page" >= 0),
  CONSTRAINT "user_books_progress_percent" CHECK ("progress_percent" BETWEEN 0 AND 100),
  CONSTRAINT "user_books_dates_ordered" CHECK ("finished_on" >= "started_on"),
  CONSTRAINT "user_books_read_count" CHECK ("read_count" >= 0),
  CONSTRAINT "user_books_location_position" CHECK ("location_position" >= 0),
  CONSTRAINT "user_books_visibility" CHECK ("visibility" IN ('public', 'followers', 'private'))
);
CREATE UNIQUE INDEX "user_books_user_book_key" ON "library"."user_books" ("user_id", "book_id");
CREATE INDEX "user_books_user_created_idx" ON "library"."user_books" ("user_id", "created_at" DESC, "id" DESC);
CREATE INDEX "user_books_user_updated_idx" ON "library"."user_books" ("user_id", "updated_at" DESC, "id" DESC);
CREATE INDEX "user_books_shelves_idx" ON "library"."user_books" USING GIN ("shelves");

-- Accepted follows, and follow requests awaiting the followee's decision.
CREATE TABLE "library"."follows" (
  "follower_id" TEXT NOT NULL,
  "followee_id" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("follower_id", "followee_id"),
  CONSTRAINT "follows_not_self" CHECK ("follower_id" <> "followee_id")
);
CREATE INDEX "follows_followee_idx" ON "library"."follows" ("followee_id", "created_at" DESC, "follower_id");
CREATE INDEX "follows_follower_idx" ON "library"."follows" ("follower_id", "created_at" DESC, "followee_id");

CREATE TABLE "library"."follow_requests" (
  "id" TEXT PRIMARY KEY,
  "requester_id" TEXT NOT NULL,
  "target_id" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "follow_requests_not_self" CHECK ("requester_id" <> "target_id")
);
CREATE UNIQUE INDEX "follow_requests_pair_key" ON "library"."follow_requests" ("requester_id", "target_id");
CREATE INDEX "follow_requests_target_idx" ON "library"."follow_requests" ("target_id", "created_at" DESC, "id" DESC);

-- Goodreads imports: the uploaded CSV lives here until the job has processed it.
CREATE TABLE "library"."imports" (
  "id" TEXT PRIMARY KEY,
  "user_id" TEXT NOT NULL,
  "format" TEXT NOT NULL DEFAULT 'goodreads-csv',
  "status" TEXT NOT NULL DEFAULT 'queued',
  "filename" TEXT,
  "content" TEXT,
  "size_bytes" INTEGER NOT NULL,
  "total_rows" INTEGER NOT NULL,
  "processed_rows" INTEGER NOT NULL DEFAULT 0,
  "added" INTEGER NOT NULL DEFAULT 0,
  "merged" INTEGER NOT NULL DEFAULT 0,
  "unchanged" INTEGER NOT NULL DEFAULT 0,
  "needs_review" INTEGER NOT NULL DEFAULT 0,
  "not_found" INTEGER NOT NULL DEFAULT 0,
  "invalid" INTEGER NOT NULL DEFAULT 0,
  "error" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "started_at" TIMESTAMPTZ(3),
  "finished_at" TIMESTAMPTZ(3),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "imports_status" CHECK ("status" IN ('queued', 'running', 'completed', 'failed'))
);
CREATE INDEX "imports_user_idx" ON "library"."imports" ("user_id", "created_at" DESC);

CREATE TABLE "library"."import_rows" (
  "import_id" TEXT NOT NULL REFERENCES "library"."imports" ("id") ON DELETE CASCADE,
  "row_number" INTEGER NOT NULL,
  "title" TEXT,
  "author" TEXT,
  "isbn13" TEXT,
  "outcome" TEXT NOT NULL,
  "matched_by" TEXT,
  "confidence" DOUBLE PRECISION,
  "book_id" TEXT,
  "user_book_id" TEXT,
  "candidates" JSONB NOT NULL DEFAULT '[]'::jsonb,
  "message" TEXT,
  PRIMARY KEY ("import_id", "row_number"),
  CONSTRAINT "import_rows_outcome" CHECK ("outcome" IN ('added', 'merged', 'unchanged', 'needs_review', 'not_found', 'invalid'))
);

-- Replays of creating POSTs sent with an Idempotency-Key (kept for a day).
CREATE TABLE "library"."idempotency_keys" (
  "user_id" TEXT NOT NULL,
  "scope" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "request_hash" TEXT NOT NULL,
  "status_code" INTEGER NOT NULL,
  -- Text, not jsonb: a replay must be byte-for-byte the first answer (jsonb reorders keys).
  "response" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("user_id", "scope", "key")
);
CREATE INDEX "idempotency_keys_created_idx" ON "library"."idempotency_keys" ("created_at");

-- Which scan detections were already added: confirming a scan twice adds nothing twice.
CREATE TABLE "library"."scan_additions" (
  "scan_id" TEXT NOT NULL,
  "detection_id" TEXT NOT NULL,
  "user_id" TEXT NOT NULL,
  "user_book_id" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("scan_id", "detection_id")
);
CREATE INDEX "scan_additions_user_idx" ON "library"."scan_additions" ("user_id");

-- Readers whose account was deleted: late jobs for them must not bring data back.
CREATE TABLE "library"."deleted_users" (
  "user_id" TEXT PRIMARY KEY,
  "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- Platform tables: transactional outbox and consumer inbox.
CREATE TABLE "library".outbox (
  id text PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON "library".outbox (id) WHERE published_at IS NULL;
CREATE TABLE "library".inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
