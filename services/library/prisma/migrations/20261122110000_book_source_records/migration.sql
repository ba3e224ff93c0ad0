-- What an external catalogue (Open Library, later Google Books) said about a book, kept raw so a
-- better mapping can be replayed without asking again.
CREATE TABLE "library"."book_source_records" (
  "source" TEXT NOT NULL,
  "source_id" TEXT NOT NULL,
  "book_id" TEXT NOT NULL REFERENCES "library"."books" ("id"),
  "payload" JSONB NOT NULL,
  "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("source", "source_id")
);
CREATE INDEX "book_source_records_book_idx" ON "library"."book_source_records" ("book_id");
