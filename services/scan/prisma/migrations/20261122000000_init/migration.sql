-- Shelf photos and what was found on them. The original image lives in the blob store
-- (blob_key); the database is the record of status, detections and candidates.
CREATE TABLE "scan"."scans" (
  "id" TEXT PRIMARY KEY,
  "user_id" TEXT NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'queued',
  "stage" TEXT,
  "failure_code" TEXT,
  "failure_message" TEXT,
  "media_type" TEXT NOT NULL,
  "byte_size" INTEGER NOT NULL,
  "width" INTEGER NOT NULL,
  "height" INTEGER NOT NULL,
  "blob_key" TEXT NOT NULL,
  "content_sha256" TEXT NOT NULL,
  "idempotency_key" TEXT,
  "attempt" INTEGER NOT NULL DEFAULT 0,
  "spines_total" INTEGER,
  "detected_at" TIMESTAMPTZ(3),
  "completed_at" TIMESTAMPTZ(3),
  "confirmed_at" TIMESTAMPTZ(3),
  "confirmation" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "scans_status_check" CHECK ("status" IN ('queued', 'processing', 'done', 'failed')),
  CONSTRAINT "scans_stage_check" CHECK ("stage" IS NULL OR "stage" IN ('preparing', 'detecting', 'matching')),
  CONSTRAINT "scans_failure_check" CHECK (("status" = 'failed') = ("failure_code" IS NOT NULL))
);
-- "My scans", newest first.
CREATE INDEX "scans_user_id_id_idx" ON "scan"."scans" ("user_id", "id" DESC);
-- Idempotency-Key on POST /v1/scans: one scan per key per user, concurrent retries race here.
CREATE UNIQUE INDEX "scans_user_idempotency_key" ON "scan"."scans" ("user_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL;

CREATE TABLE "scan"."detections" (
  "id" TEXT PRIMARY KEY,
  "scan_id" TEXT NOT NULL REFERENCES "scan"."scans" ("id") ON DELETE CASCADE,
  "attempt" INTEGER NOT NULL,
  "order" INTEGER NOT NULL,
  "shelf_index" INTEGER NOT NULL,
  "shelf_label" TEXT NOT NULL,
  "position" INTEGER NOT NULL,
  "flat" BOOLEAN NOT NULL,
  "polygon" JSONB NOT NULL,
  "text" TEXT NOT NULL,
  "texts" JSONB NOT NULL,
  "confidence" REAL NOT NULL,
  "candidates" JSONB NOT NULL DEFAULT '[]'::jsonb,
  "suggested_book_id" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
-- One set of detections per scan: a second attempt cannot add a second spine #n.
CREATE UNIQUE INDEX "detections_scan_id_order_key" ON "scan"."detections" ("scan_id", "order");

-- Platform tables: transactional outbox and consumer inbox.
CREATE TABLE "scan".outbox (
  id text PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON "scan".outbox (id) WHERE published_at IS NULL;
CREATE TABLE "scan".inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
