"""Work asked for in a web request, done outside it: a Celery task queued for a worker when
there is a broker (REDIS_URL), else run in a thread of this process. Either way the request
answers at once instead of waiting, past any server timeout, on a source's retries."""

import logging
import threading

from django.db import connections, transaction

logger = logging.getLogger("core.background")

QUEUED = "queued"
STARTED = "started"
THREAD_PREFIX = "background:"


def run_outside_request(task, *args, **kwargs) -> str:
    """Queue `task` with these arguments (QUEUED; a broker error is raised to the caller), or,
    without a broker, run it in a thread started once the request's transaction has committed,
    so that it sees what the request wrote (STARTED)."""
    if not task.app.conf.task_always_eager:
        task.apply_async(args, kwargs)
        return QUEUED
    thread = threading.Thread(
        target=_run, args=(task, args, kwargs), name=THREAD_PREFIX + task.name, daemon=True
    )
    transaction.on_commit(thread.start)
    return STARTED


def _run(task, args, kwargs):
    try:
        task.apply(args, kwargs)
    except Exception:
        # What failed is recorded where the task records its runs; this is for the log.
        logger.exception("%s failed in the background", task.name)
    finally:
        connections.close_all()  # this thread's own connections


def running():
    """The threads started here that have not finished."""
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]
