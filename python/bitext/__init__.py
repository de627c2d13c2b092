"""bitext: audit English–Chinese translations of scientific abstracts.

Build an :class:`Engine` once, then check pages, pairs or JSONL records::

    import bitext

    engine = bitext.Engine()
    report = engine.check(page=open("page.txt", encoding="utf-8").read(), path="page.txt")
    for finding in report["findings"]:
        print(finding["severity"], finding["rule"], finding["message"])

    for report in engine.check_many(records, jobs=2):   # dicts or JSONL lines, in input order
        ...

A report is the contract's document (a ``documents[]`` element of
``bitext check --format json``) as a dict.
"""

from ._bitext import (
    BitextError,
    CheckMany,
    ConfigError,
    Engine,
    InputError,
    __version__,
    rules,
)

__all__ = [
    "BitextError",
    "CheckMany",
    "ConfigError",
    "Engine",
    "InputError",
    "__version__",
    "rules",
]
