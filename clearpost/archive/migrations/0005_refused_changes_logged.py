"""Refused changes are logged (see clearpost/archive/refusals.py): a `refused_change` action in the access log,
and on PostgreSQL the guards name who was refused — session user, client address, table, record — in the error's
DETAIL, which the server writes to its log with the statement. Only the functions' bodies change; the triggers of
0002/0004 keep calling them. On SQLite choices are no schema change, so no table rebuild drops the triggers."""

import importlib

from django.db import migrations, models

_0004 = importlib.import_module("clearpost.archive.migrations.0004_guards_search_index_retention_defaults")

WHO = ("format('table %s, record %s, session user %s, client %s', TG_TABLE_NAME, {row}, session_user, "
       "coalesce(host(inet_client_addr()), 'local socket'))")
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION archive_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'archive records are append-only: % refused', TG_OP USING ERRCODE = '42501',
           DETAIL = {WHO.format(row="CASE WHEN TG_LEVEL = 'ROW' THEN left(to_jsonb(OLD)::text, 200) END")};
       END $$""",
    f"""CREATE OR REPLACE FUNCTION archive_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND {_0004.SANCTIONED}
            AND ROW({_0004._ROW_NEW}) IS NOT DISTINCT FROM ROW({_0004._ROW_OLD}) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'archive records are append-only: % refused', TG_OP USING ERRCODE = '42501',
           DETAIL = {WHO.format(row="OLD.seq")};
       END $$""",
    f"""CREATE OR REPLACE FUNCTION archive_legalhold_guard() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND OLD.released_at IS NULL AND NEW.released_at IS NOT NULL
            AND ROW(NEW.name, NEW.reason, NEW.advisor_id, NEW.branch_id, NEW.since, NEW.until, NEW.query,
                    NEW.created_by_id, NEW.created_at)
                IS NOT DISTINCT FROM ROW(OLD.name, OLD.reason, OLD.advisor_id, OLD.branch_id, OLD.since, OLD.until,
                    OLD.query, OLD.created_by_id, OLD.created_at) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'a legal hold can only be released: % refused', TG_OP USING ERRCODE = '42501',
           DETAIL = {WHO.format(row="OLD.id")};
       END $$""",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _0002 = importlib.import_module("clearpost.archive.migrations.0002_append_only_triggers")
        for sql in [_0002.POSTGRES[0], *(s for s in _0004.POSTGRES if s.startswith("CREATE OR REPLACE FUNCTION"))]:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_guards_search_index_retention_defaults")]
    operations = [
        migrations.AlterField(
            model_name="archiveaccess",
            name="action",
            field=models.CharField(choices=[("search", "Search"), ("view", "Record view"), ("export", "Export"),
                                            ("replica_verify", "Replica verification"),
                                            ("refused_change", "Refused change")], max_length=16),
        ),
        migrations.RunPython(forwards, backwards),
    ]
