"""The append-only guards with the one sanctioned disposition path, the full-text index (SQLite FTS5 /
PostgreSQL tsvector + GIN), and the firm's default retention classes.

The sanctioned path: an UPDATE of an archive record is let through only when it empties `body`, sets
`disposed_at`, changes no other column, and a row of `archive_dispositionitem` names the record. Those rows are
written by `clearpost.archive.disposition.archive_dispose` in the same transaction as the certificate record and
the update; the items table, the dispositions table and the access log are themselves insert-only."""

import json

from django.db import migrations

FROZEN = [
    "seq", "record_class", "retention_class", "event_type", "occurred_at", "captured_at", "actor_id", "advisor_id",
    "branch_id", "network", "account_id", "post_id", "direction", "verdict", "references_seq", "content_hash",
    "chain_hash",
]
INSERT_ONLY = ["archive_disposition", "archive_dispositionitem", "archive_archiveaccess"]
SANCTIONED = (
    "OLD.disposed_at IS NULL AND NEW.disposed_at IS NOT NULL AND NEW.body = '' AND "
    "EXISTS (SELECT 1 FROM archive_dispositionitem d WHERE d.seq = OLD.seq)"
)

SQLITE = [
    "CREATE TRIGGER archive_record_no_update BEFORE UPDATE ON archive_archiverecord WHEN NOT ("
    + SANCTIONED + " AND " + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in FROZEN)
    + ") BEGIN SELECT RAISE(ABORT, 'archive records are append-only: UPDATE refused'); END",
    """CREATE TRIGGER archive_record_no_delete BEFORE DELETE ON archive_archiverecord
       BEGIN SELECT RAISE(ABORT, 'archive records are append-only: DELETE refused'); END""",
    """CREATE TRIGGER archive_legalhold_no_delete BEFORE DELETE ON archive_legalhold
       BEGIN SELECT RAISE(ABORT, 'legal holds are released, never deleted'); END""",
    """CREATE TRIGGER archive_legalhold_release_only BEFORE UPDATE ON archive_legalhold
       WHEN NOT (OLD.released_at IS NULL AND NEW.released_at IS NOT NULL AND NEW.name IS OLD.name
                 AND NEW.reason IS OLD.reason AND NEW.advisor_id IS OLD.advisor_id AND NEW.branch_id IS OLD.branch_id
                 AND NEW.since IS OLD.since AND NEW.until IS OLD.until AND NEW.query IS OLD.query
                 AND NEW.created_by_id IS OLD.created_by_id AND NEW.created_at IS OLD.created_at)
       BEGIN SELECT RAISE(ABORT, 'a legal hold can only be released'); END""",
    "CREATE VIRTUAL TABLE archive_search USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2')",
]
for table in INSERT_ONLY:
    SQLITE += [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END",
    ]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS archive_record_no_update", "DROP TRIGGER IF EXISTS archive_record_no_delete",
    "DROP TRIGGER IF EXISTS archive_legalhold_no_delete", "DROP TRIGGER IF EXISTS archive_legalhold_release_only",
    "DROP TABLE IF EXISTS archive_search",
] + [f"DROP TRIGGER IF EXISTS {t}_no_{op}" for t in INSERT_ONLY for op in ("update", "delete")]

_ROW_NEW = ", ".join(f"NEW.{c}" for c in FROZEN)
_ROW_OLD = ", ".join(f"OLD.{c}" for c in FROZEN)
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION archive_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND {SANCTIONED} AND ROW({_ROW_NEW}) IS NOT DISTINCT FROM ROW({_ROW_OLD}) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'archive records are append-only: % refused', TG_OP USING ERRCODE = '42501';
       END $$""",
    """CREATE TRIGGER archive_record_no_update_delete BEFORE UPDATE OR DELETE ON archive_archiverecord
       FOR EACH ROW EXECUTE FUNCTION archive_record_guard()""",
    """CREATE OR REPLACE FUNCTION archive_legalhold_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND OLD.released_at IS NULL AND NEW.released_at IS NOT NULL
            AND ROW(NEW.name, NEW.reason, NEW.advisor_id, NEW.branch_id, NEW.since, NEW.until, NEW.query,
                    NEW.created_by_id, NEW.created_at)
                IS NOT DISTINCT FROM ROW(OLD.name, OLD.reason, OLD.advisor_id, OLD.branch_id, OLD.since, OLD.until,
                    OLD.query, OLD.created_by_id, OLD.created_at) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'a legal hold can only be released: % refused', TG_OP USING ERRCODE = '42501';
       END $$""",
    """CREATE TRIGGER archive_legalhold_guard BEFORE UPDATE OR DELETE ON archive_legalhold
       FOR EACH ROW EXECUTE FUNCTION archive_legalhold_guard()""",
    "CREATE TABLE archive_search (seq bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX archive_search_document ON archive_search USING GIN (document)",
]
for table in INSERT_ONLY:
    POSTGRES += [
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION archive_refuse_change()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION archive_refuse_change()""",
    ]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS archive_record_no_update_delete ON archive_archiverecord",
    "DROP FUNCTION IF EXISTS archive_record_guard()",
    "DROP TRIGGER IF EXISTS archive_legalhold_guard ON archive_legalhold",
    "DROP FUNCTION IF EXISTS archive_legalhold_guard()",
    "DROP TABLE IF EXISTS archive_search",
] + [f"DROP TRIGGER IF EXISTS {t}_no_{op} ON {t}" for t in INSERT_ONLY for op in ("update_delete", "truncate")]

DEFAULT_CLASSES = [
    # code, name, years, record classes that fall into it by default (the firm may change all of this)
    ("communications", "Communications (SEC 17a-4(b)(4))", 3, ["communication"]),
    ("complaints", "Complaints (FINRA 4513)", 4, ["complaint"]),
    ("adviser_records", "Investment adviser records (Advisers Act 204-2)", 5, ["adviser_record"]),
    ("default", "Default (FINRA 4511(b))", 6, []),
]


def forwards(apps, schema_editor):
    from clearpost.archive.hashing import search_text

    vendor = schema_editor.connection.vendor
    RetentionClass = apps.get_model("archive", "RetentionClass")
    for code, name, years, classes in DEFAULT_CLASSES:
        RetentionClass.objects.get_or_create(code=code, defaults={"name": name, "years": years,
                                                                   "record_classes": classes})
    mapping = {c: code for code, _n, _y, classes in DEFAULT_CLASSES for c in classes}
    with schema_editor.connection.cursor() as cur:
        # Records written before retention classes existed get their class now, before the guards return.
        for record_class, code in mapping.items():
            cur.execute("UPDATE archive_archiverecord SET retention_class = %s WHERE record_class = %s",
                        [code, record_class])
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql, params=None)
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT seq, event_type, network, body FROM archive_archiverecord WHERE disposed_at IS NULL")
        rows = [(seq, search_text(et, net, json.loads(body).get("payload"))) for seq, et, net, body in cur.fetchall()]
        if vendor == "sqlite":
            cur.executemany("INSERT INTO archive_search (rowid, text) VALUES (%s, %s)", rows)
        elif vendor == "postgresql":
            cur.executemany("INSERT INTO archive_search (seq, document) VALUES (%s, to_tsvector('simple', %s))",
                            rows)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_retention_holds_disposition_search")]
    operations = [migrations.RunPython(forwards, backwards)]
