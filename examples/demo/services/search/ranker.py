"""Search ranking. TODO: inside a docstring this is a string, not an annotation."""

# @roadmap RM-15


def rank(results, query):
    # TODO(RM-15): precompute term weights at index time
    scored = [(score(r, query), r) for r in results]
    label = "FIXME: a string again"
    # BUG: ties are broken by insertion order, which is not stable across shards
    return [r for _, r in sorted(scored, key=lambda pair: -pair[0])]


def score(result, query):
    return sum(1 for term in query.split() if term in result)  # TODO cache the split


# TODO(2026-10-31): drop the legacy scorer once the new index ships
# HACK: normalise to UTF-8 before hashing with SHA-256; ISO-8859-1 input
# from old clients is decoded first
LEGACY = False
