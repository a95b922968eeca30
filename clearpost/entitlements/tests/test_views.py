from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from clearpost.entitlements.models import EntitlementRequest, NetworkPolicy
from clearpost.training.models import Completion
from clearpost.training.services import course_publish_version


@pytest.fixture
def course(compliance):  # type: ignore[no-untyped-def]
    NetworkPolicy.objects.update_or_create(network="linkedin", defaults={
        "default_level": "compose", "features": ["post"], "library_courses": ["smp"], "compose_courses": ["smp"]})
    NetworkPolicy.objects.filter(network="x").update(default_level="library")
    return course_publish_version(actor=compliance, course_code="smp", title="Social media policy",
                                  content="Read this.", attestation_text="I will follow the policy.",
                                  validity_months=12, unlocks=[])


def test_advisor_takes_the_course_and_gains_access(advisor, course, client: Client) -> None:
    client.force_login(advisor)
    page = client.get("/access/").content.decode()
    assert "not trained" in page and "/training/courses/smp/" in page
    assert client.post("/training/courses/smp/", {}).status_code == 400  # no attestation, nothing recorded
    assert Completion.objects.count() == 0
    response = client.post("/training/courses/smp/", {"attested": "on"})
    assert response.status_code == 302
    page = client.get("/access/").content.decode()
    assert "status-compose" in page


def test_request_is_endorsed_by_the_supervisor_and_granted_by_compliance(
    advisor, supervisor, compliance, course, client: Client
) -> None:
    client.force_login(advisor)
    client.post("/access/", {"network": "x", "level": "compose", "justification": "pilot"})
    request = EntitlementRequest.objects.get()
    client.force_login(supervisor)
    assert "pilot" in client.get("/access/requests/").content.decode()
    client.post(f"/access/requests/{request.pk}/", {"action": "endorse"})
    client.force_login(compliance)
    client.post(f"/access/requests/{request.pk}/", {"action": "refuse", "reason": "Not in the pilot yet"})
    request.refresh_from_db()
    assert request.status == "refused" and request.reason == "Not in the pilot yet"


def test_advisors_cannot_see_requests_or_the_roster(advisor, client: Client) -> None:
    client.force_login(advisor)
    assert client.get("/access/requests/").status_code == 403
    assert client.get("/training/roster/").status_code == 403
    assert client.get("/training/import/").status_code == 403


def test_other_branch_supervisor_sees_nothing_and_cannot_endorse(advisor, outsider, course, client: Client) -> None:
    from clearpost.accounts.choices import Role
    from conftest import make_user

    client.force_login(advisor)
    client.post("/access/", {"network": "x", "level": "compose", "justification": "pilot"})
    other = make_user("sid", Role.SUPERVISOR, branch=outsider.branch)
    outsider.branch.supervisors.add(other)
    client.force_login(other)
    assert "pilot" not in client.get("/access/requests/").content.decode()
    request = EntitlementRequest.objects.get()
    assert client.post(f"/access/requests/{request.pk}/", {"action": "endorse"}).status_code == 403
    request.refresh_from_db()
    assert request.status == "requested"


def test_compliance_imports_and_sees_the_roster(advisor, compliance, course, client: Client) -> None:
    client.force_login(compliance)
    data = f"crd_number,course_code,course_version,completed_at\n{advisor.crd_number},smp,1,2026-09-01\n".encode()
    response = client.post("/training/import/", {"file": SimpleUploadedFile("c.csv", data)})
    assert response.status_code == 200 and "1 imported" in response.content.decode()
    bad = client.post("/training/import/", {"file": SimpleUploadedFile("c.csv", b"wrong,header\n")})
    assert bad.status_code == 400 and "Nothing was imported" in bad.content.decode()
    roster = client.get("/training/roster/?course=smp").content.decode()
    assert advisor.crd_number in roster and "Current: <strong>1</strong>" in roster
