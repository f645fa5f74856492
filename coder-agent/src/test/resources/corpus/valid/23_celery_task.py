from celery import Celery
from celery.utils.log import get_task_logger

app = Celery("reports", broker="redis://localhost:6379/0")
logger = get_task_logger(__name__)


@app.task(bind=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def build_report(self, account_id: int, month: str) -> dict:
    logger.info("building report for %s (%s), attempt %s", account_id, month, self.request.retries + 1)
    rows = fetch_rows(account_id, month)
    return {"account": account_id, "month": month, "rows": len(rows), "total": sum(r["amount"] for r in rows)}


def fetch_rows(account_id: int, month: str) -> list[dict]:
    return [{"amount": 10.0}, {"amount": 2.5}]
