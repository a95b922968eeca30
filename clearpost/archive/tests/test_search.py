from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from clearpost.archive.models import ArchiveAccess
from clearpost.archive.search import SearchError, SearchFilters, archive_search, parse_query, search_seqs, seq_range
from clearpost.archive.services import archive_record_append
from clearpost.core.events import EventType

pytestmark = pytest.mark.django_db


def _add(text: str, **kwargs):  # type: ignore[no-untyped-def]
    return archive_record_append(event_type=kwargs.pop("event_type", EventType.POST_SUBMITTED),
                                 payload={"text": text}, **kwargs).seq


@pytest.fixture
def corpus() -> dict[str, int]:
    return {
        "bonds_x": _add("Municipal bonds are guaranteed to rise", advisor_id=1, branch_id=10, network="x"),
        "bonds_li": _add("A note on bond ladders", advisor_id=2, branch_id=20, network="linkedin"),
        "market": _add("The market gained 150 points today", advisor_id=1, branch_id=10, network="x",
                       direction="outgoing", verdict="approve"),
        "inbound": _add("Your advice cost me money, I want it back", advisor_id=1, network="x",
                        direction="inbound", verdict="complaint"),
        "accents": _add("Crème brûlée café", advisor_id=2, network="mastodon"),
    }


def test_words_phrases_prefixes_or_and_exclusion(corpus: dict[str, int]) -> None:
    f = SearchFilters()
    assert search_seqs(query="bonds", filters=f) == [corpus["bonds_x"]]
    assert search_seqs(query="bond*", filters=f) == [corpus["bonds_li"], corpus["bonds_x"]]
    assert search_seqs(query='"market gained"', filters=f) == [corpus["market"]]
    assert search_seqs(query='"gained market"', filters=f) == []
    assert search_seqs(query="bonds OR ladders", filters=f) == [corpus["bonds_li"], corpus["bonds_x"]]
    assert search_seqs(query="bond* -guaranteed", filters=f) == [corpus["bonds_li"]]
    assert search_seqs(query="MONEY back", filters=f) == [corpus["inbound"]]


def test_filters_narrow_the_hits(corpus: dict[str, int]) -> None:
    assert search_seqs(query="bond*", filters=SearchFilters(advisor_id=2)) == [corpus["bonds_li"]]
    assert search_seqs(query="", filters=SearchFilters(network="x", advisor_id=1)) == [
        corpus["inbound"], corpus["market"], corpus["bonds_x"]]
    assert search_seqs(query="", filters=SearchFilters(branch_id=20)) == [corpus["bonds_li"]]
    assert search_seqs(query="", filters=SearchFilters(direction="inbound", verdict="complaint")) == [
        corpus["inbound"]]
    assert search_seqs(query="", filters=SearchFilters(event_type="review.approved")) == []
    assert search_seqs(query="", filters=SearchFilters(record_class="communication"), limit=2) == [
        corpus["accents"], corpus["inbound"]]


def test_a_date_range_becomes_a_sequence_range(corpus: dict[str, int]) -> None:
    now = timezone.now()
    assert seq_range(now - timedelta(days=1), now + timedelta(days=1)) == (corpus["bonds_x"], corpus["accents"])
    assert seq_range(now + timedelta(days=1), None) is None
    assert search_seqs(query="bond*", filters=SearchFilters(until=now - timedelta(days=1))) == []
    assert len(search_seqs(query="bond*", filters=SearchFilters(since=now - timedelta(hours=1)))) == 2
    with pytest.raises(SearchError, match="ends before"):
        search_seqs(query="", filters=SearchFilters(since=now, until=now - timedelta(days=1)))


def test_ranked_search_and_highlighted_snippets(corpus: dict[str, int]) -> None:
    hits = archive_search(query="bond*", filters=SearchFilters(), ranked=True)
    assert {h.seq for h in hits} == {corpus["bonds_x"], corpus["bonds_li"]}
    assert "<mark>bonds</mark>" in next(h.snippet for h in hits if h.seq == corpus["bonds_x"])
    crafted = _add("<script>alert(1)</script> bonds")
    hit = archive_search(query="bonds", filters=SearchFilters())[0]
    assert hit.seq == crafted and "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


@pytest.mark.parametrize("bad", ['"unbalanced', "OR bonds", "bonds OR", "-only", "a OR OR b", "*", "x" * 600,
                                 " ".join(["w"] * 40)])
def test_a_malformed_query_is_refused_with_a_message(bad: str) -> None:
    with pytest.raises(SearchError) as error:
        search_seqs(query=bad, filters=SearchFilters())
    assert error.value.status == 400 and error.value.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_either_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        parsed = parse_query(text)
    except SearchError:
        return
    assert all(w == w.lower() and w for w in parsed.words)


def test_search_command_prints_json_and_logs_the_access(corpus: dict[str, int], capsys, auditor) -> None:  # type: ignore[no-untyped-def]
    call_command("archive", "search", "bond*", "--network", "x", "--since", timezone.localdate().isoformat(),
                 "--json", "--as-user", auditor.username)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["seq"] for line in lines] == [corpus["bonds_x"]]
    entry = ArchiveAccess.objects.get()
    assert entry.user == auditor and entry.query == "bond*" and entry.seq_ranges == [[corpus["bonds_x"]] * 2]
    with pytest.raises(CommandError, match="unbalanced"):
        call_command("archive", "search", '"oops')
    with pytest.raises(CommandError, match="not a date"):
        call_command("archive", "search", "x", "--since", "yesterday")


def test_a_filter_that_is_not_selective_falls_back_to_the_text_first_plan(corpus: dict[str, int],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from clearpost.archive import search

    expected = search_seqs(query="x OR bond*", filters=SearchFilters(advisor_id=1))
    monkeypatch.setattr(search, "SELECTIVE_CANDIDATES", 1)
    assert search_seqs(query="x OR bond*", filters=SearchFilters(advisor_id=1)) == expected
    assert expected == [corpus["inbound"], corpus["market"], corpus["bonds_x"]]


@pytest.mark.parametrize("budget", [1, 2, 5000])
def test_the_filter_first_plan_finds_the_same_hits_whatever_its_scan_budget(
        corpus: dict[str, int], monkeypatch: pytest.MonkeyPatch, budget: int) -> None:
    from clearpost.archive import search

    monkeypatch.setattr(search, "RANGE_SCAN_BUDGET", budget)  # 1 and 2: the per-record lookups below the scan
    assert search_seqs(query="x OR bonds", filters=SearchFilters(advisor_id=1)) == [
        corpus["inbound"], corpus["market"], corpus["bonds_x"]]
    assert search_seqs(query="x OR bonds", filters=SearchFilters(advisor_id=1), limit=2) == [
        corpus["inbound"], corpus["market"]]
    assert search_seqs(query="ladders", filters=SearchFilters(advisor_id=1)) == []


def test_a_record_larger_than_the_index_allows_is_archived_whole_and_found_by_its_words() -> None:
    # a whole rule set is several MB: PostgreSQL's tsvector holds at most 1 MB, so the index keeps distinct words
    words = [f"w{i}x" for i in range(400_000)]
    text = " ".join(words + words)
    seq = _add(text)
    assert search_seqs(query="w1x", filters=SearchFilters()) == [seq]
    assert search_seqs(query="w9999x", filters=SearchFilters()) == [seq]
    from clearpost.archive.models import ArchiveRecord

    assert json.loads(ArchiveRecord.objects.get(seq=seq).body)["payload"]["text"] == text
