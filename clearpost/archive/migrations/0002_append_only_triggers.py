"""The database itself refuses to rewrite or erase archive records (SEC 17a-4(f) non-rewriteable, non-erasable).

SQLite: BEFORE UPDATE/DELETE triggers abort. PostgreSQL: a trigger raises on UPDATE, DELETE and TRUNCATE.
The disposition path (issue 4) will be the one sanctioned exception."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER archive_record_no_update BEFORE UPDATE ON archive_archiverecord
       BEGIN SELECT RAISE(ABORT, 'archive records are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER archive_record_no_delete BEFORE DELETE ON archive_archiverecord
       BEGIN SELECT RAISE(ABORT, 'archive records are append-only: DELETE refused'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS archive_record_no_update", "DROP TRIGGER IF EXISTS archive_record_no_delete"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION archive_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'archive records are append-only: % refused', TG_OP USING ERRCODE = '42501'; END $$""",
    """CREATE TRIGGER archive_record_no_update_delete BEFORE UPDATE OR DELETE ON archive_archiverecord
       FOR EACH ROW EXECUTE FUNCTION archive_refuse_change()""",
    """CREATE TRIGGER archive_record_no_truncate BEFORE TRUNCATE ON archive_archiverecord
       FOR EACH STATEMENT EXECUTE FUNCTION archive_refuse_change()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS archive_record_no_update_delete ON archive_archiverecord",
    "DROP TRIGGER IF EXISTS archive_record_no_truncate ON archive_archiverecord",
    "DROP FUNCTION IF EXISTS archive_refuse_change()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
