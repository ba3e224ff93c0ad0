-- Blocks: a blocked reader cannot follow the blocker nor see their library or lists.
CREATE TABLE "library"."blocks" (
  "blocker_id" TEXT NOT NULL,
  "blocked_id" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY ("blocker_id", "blocked_id"),
  CONSTRAINT "blocks_not_self" CHECK ("blocker_id" <> "blocked_id")
);
CREATE INDEX "blocks_blocked_idx" ON "library"."blocks" ("blocked_id");
CREATE INDEX "blocks_blocker_created_idx" ON "library"."blocks" ("blocker_id", "created_at" DESC, "blocked_id" DESC);

-- Provenance: where an entry came from, and which scan or import added it.
UPDATE "library"."user_books" SET "source" = 'manual' WHERE "source" NOT IN ('manual', 'scan', 'import', 'sync');
ALTER TABLE "library"."user_books" ALTER COLUMN "source" SET DEFAULT 'manual';
ALTER TABLE "library"."user_books" ADD COLUMN "source_id" TEXT;
ALTER TABLE "library"."user_books" ADD CONSTRAINT "user_books_source" CHECK ("source" IN ('manual', 'scan', 'import', 'sync'));
CREATE INDEX "user_books_user_source_idx" ON "library"."user_books" ("user_id", "source", "source_id");

-- Mobile sync: every insert, update and delete of an entry takes the next value of one sequence.
-- Writes of one reader's entries are serialised by a transaction-scoped advisory lock taken in the
-- trigger, so for one reader sequence order is commit order and a client holding "everything up
-- to N" can never later see a change numbered below N appear.
CREATE SEQUENCE "library"."user_book_change_seq" AS BIGINT;
ALTER TABLE "library"."user_books" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "library"."user_books" ADD COLUMN "change_seq" BIGINT;
UPDATE "library"."user_books" SET "change_seq" = nextval('"library"."user_book_change_seq"');
ALTER TABLE "library"."user_books" ALTER COLUMN "change_seq" SET NOT NULL;
CREATE INDEX "user_books_user_change_idx" ON "library"."user_books" ("user_id", "change_seq");

CREATE TABLE "library"."user_book_tombstones" (
  "user_book_id" TEXT PRIMARY KEY,
  "user_id" TEXT NOT NULL,
  "book_id" TEXT NOT NULL,
  "change_seq" BIGINT NOT NULL,
  "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "user_book_tombstones_user_change_idx" ON "library"."user_book_tombstones" ("user_id", "change_seq");
CREATE INDEX "user_book_tombstones_deleted_idx" ON "library"."user_book_tombstones" ("deleted_at");

CREATE FUNCTION "library"."user_books_track_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('library.user_books:' || OLD.user_id, 0));
    INSERT INTO "library"."user_book_tombstones" (user_book_id, user_id, book_id, change_seq)
    VALUES (OLD.id, OLD.user_id, OLD.book_id, nextval('"library"."user_book_change_seq"'))
    ON CONFLICT (user_book_id) DO NOTHING;
    RETURN OLD;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('library.user_books:' || NEW.user_id, 0));
  NEW.change_seq := nextval('"library"."user_book_change_seq"');
  IF TG_OP = 'UPDATE' THEN
    NEW.version := OLD.version + 1;
  ELSE
    NEW.version := 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "user_books_track_write" BEFORE INSERT OR UPDATE ON "library"."user_books"
  FOR EACH ROW EXECUTE FUNCTION "library"."user_books_track_change"();
CREATE TRIGGER "user_books_track_delete" AFTER DELETE ON "library"."user_books"
  FOR EACH ROW EXECUTE FUNCTION "library"."user_books_track_change"();

-- Curated lists: ordered books with a note each. Order is a fractional key (text compared
-- byte-wise), so moving an item rewrites that item only. The slug is given once and survives
-- title edits.
CREATE TABLE "library"."book_lists" (
  "id" TEXT PRIMARY KEY,
  "user_id" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "description" TEXT,
  "visibility" TEXT NOT NULL DEFAULT 'private',
  "slug" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "book_lists_visibility" CHECK ("visibility" IN ('public', 'followers', 'private'))
);
CREATE UNIQUE INDEX "book_lists_slug_key" ON "library"."book_lists" ("slug");
CREATE INDEX "book_lists_user_idx" ON "library"."book_lists" ("user_id", "created_at" DESC, "id" DESC);

CREATE TABLE "library"."book_list_items" (
  "id" TEXT PRIMARY KEY,
  "list_id" TEXT NOT NULL REFERENCES "library"."book_lists" ("id") ON DELETE CASCADE,
  "book_id" TEXT NOT NULL REFERENCES "library"."books" ("id"),
  "note" TEXT,
  "position_key" TEXT COLLATE "C" NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "book_list_items_order_key" ON "library"."book_list_items" ("list_id", "position_key");
CREATE UNIQUE INDEX "book_list_items_book_key" ON "library"."book_list_items" ("list_id", "book_id");
