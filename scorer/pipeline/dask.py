"""Scoring on a Dask cluster: the same rows and scores as the local engine, spread over workers.

Two ways in:

- :func:`score_dask` scores a Dask DataFrame (for example ``dd.read_parquet(...)``) partition by
  partition and returns a Dask DataFrame with the report's columns, ready for
  ``.to_parquet(...)``. Nothing is gathered on the client.
- :func:`score_items_dask` scores a stream of :class:`~scorer.reading.inputs.Item` (what ``scorer
  score --engine dask`` reads from files, folders and tables) in batches on the cluster and yields
  the results in input order, with a bounded number of batches in flight, so the client's memory
  stays flat however long the stream.

Both call :func:`scorer.pipeline.scoring.score_batch` on the workers, the function the local engine
uses, so a row never depends on the engine. Workers need scorer installed (``pip install
scorer[dask]``); a ``model_dir`` must be a path that exists on every worker.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from scorer.classify.model_set import load_model_set
from scorer.errors import InputError
from scorer.pipeline.scoring import (
    BATCH_SIZE,
    ScoredItem,
    Unit,
    article_columns,
    batches,
    check_keep,
    report_value_types,
    score_batch,
    score_frame,
    sentence_columns,
)
from scorer.reading.inputs import Item

__all__ = [
    "dask_client",
    "report_dtypes",
    "score_dask",
    "score_items_dask",
    "score_items_on_cluster",
]

#: Batches in flight per worker thread: enough to keep every worker busy while the client
#: writes results, few enough that memory does not grow with the input.
BATCHES_PER_THREAD = 2


def _require_dask() -> None:
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise InputError(
            "the Dask engine needs dask and distributed: pip install 'scorer[dask]'"
        ) from None


def _dtype_of(kind: type) -> str:
    # Nullable dtypes throughout: an error row has no scores, counts or offsets, and must not
    # turn an integer column into floats or a boolean column into objects.
    if kind is bool:
        return "boolean"
    if kind is int:
        return "Int64"
    if kind is float:
        return "float64"
    return "string[pyarrow]"


def report_dtypes(*, sentences: bool = False, model_dir: str | None = None) -> dict[str, str]:
    """The pandas dtype of every report column, in report order.

    Derived from the value types of a real scored row, so a column added to the report gets
    the right dtype without being listed here: text is ``string[pyarrow]``, counts and offsets
    ``Int64``, flags ``boolean``, scores and rates ``float64`` (missing on error rows).

    Args:
        sentences: the sentence report's columns instead of the article report's.
        model_dir: a model directory; the shipped models by default.
    """
    types = report_value_types(load_model_set(model_dir), sentences=sentences)
    return {column: _dtype_of(kind) for column, kind in types.items()}


def _kept_dtype(dtype: Any) -> str:
    """The report dtype of a kept column: nullable, since an empty cell is kept as missing
    (:func:`scorer.reading.inputs.kept_value`), and fixed, so that every partition agrees."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "Int64"
    if pd.api.types.is_float_dtype(dtype):
        return "float64"
    return "string[pyarrow]"  # text, and lists, objects or dates as their text


def _score_partition(
    partition: Any,
    *,
    text_column: str,
    id_column: str | None,
    unit: Unit,
    sentences: bool,
    model_dir: str | None,
    keep: list[str],
    dtypes: dict[str, str],
) -> Any:
    scored = score_frame(
        partition,
        text_column=text_column,
        id_column=id_column,
        unit=unit,
        sentences=sentences,
        model_dir=model_dir,
        keep=keep,
    )
    return scored.astype(dtypes)


def score_dask(
    ddf: Any,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    unit: Unit = "article",
    sentences: bool = False,
    model_dir: str | None = None,
    keep: Sequence[str] = (),
) -> Any:
    """Score every row of a Dask DataFrame, lazily, one partition per task.

    Args:
        ddf: a ``dask.dataframe.DataFrame`` with a text column.
        text_column: the column holding the text.
        id_column: the column holding ids; the row index by default.
        unit: ``article`` or ``sentence`` (each row is one sentence).
        sentences: with ``unit='article'``, one row per sentence instead of per article.
        model_dir: a model directory (a path every worker can read); the shipped models by
            default.
        keep: columns of ``ddf`` to copy into the rows (the article rows before ``language``,
            the sentence rows after ``source``), as ``scorer score --keep``.

    Returns:
        A lazy Dask DataFrame with the report's columns and dtypes (see
        :func:`report_dtypes`; ``id`` keeps the dtype of the id column, or of the index; a
        kept column is nullable: ``Int64``, ``float64``, ``boolean`` or ``string[pyarrow]``
        by its input dtype, lists and objects as their JSON text).
        Rows are indexed by the label of their input row: article rows keep the input's
        divisions, sentence rows (several per label) have unknown divisions.

    Raises:
        InputError: dask is not installed, a named column does not exist, or a kept one
            clashes with a report column.
        ModelError: the models cannot be loaded.
    """
    _require_dask()
    import pandas as pd

    kept = check_keep(keep)
    for column in (text_column, id_column, *kept):
        if column is not None and column not in ddf.columns:
            columns = ", ".join(map(str, ddf.columns))
            raise InputError(f"no column {column!r}; columns are: {columns}")
    sentence_rows = unit == "sentence" or sentences
    report = report_dtypes(sentences=sentence_rows, model_dir=model_dir)
    report["id"] = str(ddf[id_column].dtype if id_column else ddf.index.dtype)
    report |= {column: _kept_dtype(ddf[column].dtype) for column in kept}
    order = sentence_columns(kept) if sentence_rows else article_columns(kept)
    dtypes = {column: report[column] for column in order}
    meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    meta.index = ddf._meta.index
    scored = ddf.map_partitions(
        _score_partition,
        text_column=text_column,
        id_column=id_column,
        unit=unit,
        sentences=sentences,
        model_dir=model_dir,
        keep=kept,
        dtypes=dtypes,
        meta=meta,
    )
    return scored.clear_divisions() if sentence_rows else scored


def _score_remote(batch: list[Item], model_dir: str | None, unit: Unit) -> list[ScoredItem]:
    return score_batch(batch, load_model_set(model_dir), unit)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, *, workers: int = 1) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers``.

    The local cluster runs one single-threaded worker process per core asked for: scoring is
    pure Python, so threads would only wait for each other's GIL.
    """
    _require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=50,  # CRITICAL only: worker chatter would drown the report on stderr
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def score_items_dask(
    items: Iterable[Item],
    client: Any,
    *,
    model_dir: str | None = None,
    unit: Unit = "article",
    batch_size: int = BATCH_SIZE,
) -> Iterator[ScoredItem]:
    """Score items on a Dask cluster, yielding the results in input order.

    Args:
        items: the items to score.
        client: a ``distributed.Client`` (see :func:`dask_client`).
        model_dir: a model directory every worker can read; the shipped models by default.
        unit: ``article`` or ``sentence``.
        batch_size: items per task.

    Yields:
        One :class:`~scorer.pipeline.scoring.ScoredItem` per item, in order: the same rows as
        :func:`scorer.pipeline.scoring.score_items` gives.
    """
    threads = max(sum(client.nthreads().values()), 1)
    window = BATCHES_PER_THREAD * threads
    pending: deque[Any] = deque()
    for batch in batches(items, batch_size):
        pending.append(client.submit(_score_remote, batch, model_dir, unit, pure=False))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def score_items_on_cluster(
    items: Iterable[Item],
    *,
    scheduler: str | None = None,
    workers: int = 1,
    model_dir: str | None = None,
    unit: Unit = "article",
) -> Iterator[ScoredItem]:
    """:func:`score_items_dask` on the cluster at ``scheduler`` or on a new local cluster.

    The client (and a local cluster) lives as long as the iteration: it is closed when the
    last item has been yielded or the generator is closed.
    """
    with dask_client(scheduler, workers=workers) as client:
        yield from score_items_dask(items, client, model_dir=model_dir, unit=unit)
