"""gunicorn's settings beyond the command line (it reads this file from the working directory)."""

import gc


def post_worker_init(worker):
    """Once a worker has loaded the portal: move everything loaded so far (Django, the URL
    patterns, templates, translations) out of the garbage collector's reach. Those objects live
    as long as the process, and the collector's full passes would otherwise walk all of them
    again and again during requests."""
    gc.collect()
    gc.freeze()
