"""Type stubs of the compiled module (see ``bitext/__init__.py``)."""

import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Union

__version__: str

Source = Literal["auto", "en", "zh"]
Side = Union[str, Sequence[str]]
Report = Dict[str, Any]
"""The contract's document: ``path``, ``id``, ``pairs``, ``findings`` (see ``contract.md``)."""
Bead = Dict[str, Any]
"""An aligned bead: ``doc``, ``pair``, ``section``, ``en``, ``zh``, ``en_lines``, ``zh_lines``,
``score``, ``findings``."""
Record = Union[Mapping[str, Any], str]
"""``{"id", "en", "zh"}`` or ``{"id", "page"}``, or the same as a JSON line."""

class BitextError(Exception):
    """An error of bitext; the message is the one the command line gives."""

class ConfigError(BitextError):
    """The configuration, a dictionary it names or the baseline could not be read or is invalid."""

class InputError(BitextError):
    """A document or record could not be read."""

class Engine:
    """The checker: build it once, share it across threads; each call releases the GIL."""

    def __init__(
        self,
        config: Optional[Union[str, "os.PathLike[str]"]] = None,
        *,
        baseline: Optional[Union[str, "os.PathLike[str]"]] = None,
        source: Source = "auto",
        model: Optional[Union[str, "os.PathLike[str]"]] = None,
    ) -> None: ...
    @property
    def source_name(self) -> Source: ...
    def check(
        self,
        page: Optional[str] = None,
        *,
        en: Optional[Side] = None,
        zh: Optional[Side] = None,
        id: Optional[str] = None,
        path: Optional[str] = None,
        source: Optional[Source] = None,
    ) -> Report:
        """Check one page (``page=``) or pair (``en=``, ``zh=``): the contract's document."""
    def align(
        self,
        page: Optional[str] = None,
        *,
        en: Optional[Side] = None,
        zh: Optional[Side] = None,
        id: Optional[str] = None,
        path: Optional[str] = None,
        source: Optional[Source] = None,
    ) -> List[Bead]:
        """Align one page or pair: its sentence beads, as ``bitext align`` writes them."""
    def check_many(
        self,
        records: Iterable[Record],
        *,
        jobs: Optional[int] = None,
        source: Optional[Source] = None,
        name: str = "-",
        errors: Literal["raise", "report"] = "raise",
        first_line: int = 1,
    ) -> "CheckMany":
        """Check records on ``jobs`` threads; reports stream out in input order.

        Records are numbered as lines of a JSONL file from ``first_line`` (a blank ``str`` line is
        counted and skipped); a bad record raises :class:`InputError` (``errors="raise"``) or
        yields ``{"path": name, "error": message}`` (``errors="report"``)."""

class CheckMany(Iterator[Report]):
    """The reports of :meth:`Engine.check_many`, in input order."""

    def __iter__(self) -> "CheckMany": ...
    def __next__(self) -> Report: ...

def rules() -> List[Dict[str, str]]:
    """Every rule: ``id``, default ``severity`` and ``summary``."""
