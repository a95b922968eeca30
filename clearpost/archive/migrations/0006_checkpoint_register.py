"""The database notes each checkpoint file it has written (`archive_checkpointwritten`), insert-only like the
other archive tables, so `archive verify` notices a missing newest checkpoint file."""

from django.db import migrations, models

TABLE = "archive_checkpointwritten"
SQLITE = [
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: UPDATE refused'); END",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: DELETE refused'); END",
]
POSTGRES = [
    f"CREATE TRIGGER {TABLE}_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION archive_refuse_change()",
    f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION archive_refuse_change()",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_refused_changes_logged")]
    operations = [
        migrations.CreateModel(
            name="CheckpointWritten",
            fields=[
                ("seq", models.BigIntegerField(primary_key=True, serialize=False)),
                ("file_sha256", models.CharField(max_length=64)),
                ("written_at", models.DateTimeField()),
            ],
        ),
        # Dropping the table drops its triggers with it.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
