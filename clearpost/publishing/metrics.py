"""Engagement metrics per published post (likes, reposts, comments, impressions), refreshed on a schedule for
the analytics issue. Calls go through the account gate like every other call."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.utils import timezone

from clearpost.connectors.base import ConnectorError
from clearpost.connectors.registry import connector_for
from clearpost.connectors.services import account_access_token
from clearpost.publishing.choices import DeliveryStatus
from clearpost.publishing.gates import gate_acquire, gate_release, window_end
from clearpost.publishing.models import Delivery, DeliveryMetrics

log = logging.getLogger(__name__)


def metrics_refresh(*, delivery_id: int) -> DeliveryMetrics | None:
    delivery = Delivery.objects.select_related("account").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PUBLISHED or not delivery.external_id:
        return None
    now = timezone.now()
    holder = f"metrics:{delivery.pk}:{uuid.uuid4().hex[:8]}"
    if gate_acquire(account_id=delivery.account_id, holder=holder, now=now, until=now + timedelta(seconds=30)):
        return None  # busy or inside a window: the next round will get it
    connector = connector_for(delivery.account.network)
    error: ConnectorError | None = None
    try:
        m = connector.fetch_metrics(access_token=account_access_token(account=delivery.account),
                                    external_id=delivery.external_id)
    except ConnectorError as exc:
        error = exc
    gate_release(account_id=delivery.account_id, holder=holder,
                 not_before=window_end(connector.blocked_until, error.retry_after if error else None))
    if error is not None:
        log.warning("metrics for delivery %s not refreshed: %s", delivery.pk, error.message)
        return None
    metrics, _ = DeliveryMetrics.objects.update_or_create(delivery=delivery, defaults={
        "likes": m.likes, "reposts": m.reposts, "comments": m.comments, "impressions": m.impressions,
        "refreshed_at": timezone.now()})
    return metrics


def metrics_refresh_recent(*, days: int = 7, limit: int = 500) -> int:
    since = timezone.now() - timedelta(days=days)
    ids = (Delivery.objects.filter(status=DeliveryStatus.PUBLISHED, published_at__gte=since)
           .order_by("-published_at").values_list("pk", flat=True)[:limit])
    return sum(metrics_refresh(delivery_id=pk) is not None for pk in ids)
