"""gunicorn's settings for the site, read from the folder gunicorn starts in (the project's).

Each worker, once it has loaded the site, moves every object it holds then (modules, URL
patterns, templates, settings: about 120,000 objects) out of the garbage collector's sight
(`gc.freeze`). They live as long as the worker; without this, each full collection walks them
all again, which cost a negotiation page about 2.7 ms on average (docs/benchmarks.md).
"""

import gc


def post_worker_init(worker):
    gc.freeze()
    worker.log.debug("froze %d objects of the loaded site", gc.get_freeze_count())
