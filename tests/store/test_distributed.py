"""tipwatch/store/distributed.py: the batch loop on a real Dask cluster gives what the in-process loop gives.

One LocalCluster of two worker processes serves the module (it starts in about two seconds);
the ``--workers N`` path, which starts its own cluster, runs once through the CLI. A stand-in
extractor, shipped to the workers by value, makes the failure cases cheap and exact.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
from click.testing import CliRunner

from tipwatch.errors import ConfigError, ExtractionError
from tipwatch.ingest import iter_files
from tipwatch.model import Document, Evidence, Facts, Label
from tipwatch.serve.cli import cli
from tipwatch.store.batch import ingest_items
from tipwatch.store.distributed import ingest_items_distributed
from tipwatch.store.sqlite import SQLiteStore

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

FICTIONAL = {
    f"{n:02d}_{city.lower()}.txt": f"Inspectors in {city} found {n + 3} workers held in a {place} without pay.\n\n"
    f"Prosecutor {person} said the recruiter kept their documents.\n"
    for n, (city, place, person) in enumerate(
        [
            ("Cusco", "quarry", "Nilda Carhuas Quispe"),
            ("Recife", "bakery", "Iracema Queiroz Lins"),
            ("Tapachula", "bar", "Ximena Valdivia Ruiz"),
            ("Iquitos", "sawmill", "Abel Ochoa Lizarraga"),
            ("Salta", "vineyard", "Rosa Elvira Mendez"),
            ("Belém", "farm", "Otávio Ramos Pinto"),
            ("Oruro", "mine", "Teodoro Pineda Mejía"),
            ("Manaus", "boat", "Helena Tavares Brum"),
            ("Cobán", "plantation", "Ernesto Cuxil Batz"),
            ("Arequipa", "brick kiln", "Mariela Quispe Soto"),
        ]
    )
}
CITIES = {"Cusco": "PE", "Recife": "BR", "Tapachula": "MX", "Iquitos": "PE", "Salta": "AR"}


class CityExtractor:
    """A stand-in extractor: one country per city it knows; 'KILL-WORKER' ends its worker process."""

    def __init__(self, settings) -> None:
        self.settings = settings

    def extract(self, doc: Document) -> Facts:
        if "KILL-WORKER" in doc.text:
            from distributed import get_worker

            get_worker()  # raises outside a Dask worker: never end the test process itself
            os._exit(1)
        if "BROKEN-RULE" in doc.text:
            raise ExtractionError(doc.name, "no sentences")
        countries = [
            Label(cc, [Evidence(doc.text.find(city), doc.text.find(city) + len(city), city)])
            for city, cc in CITIES.items()
            if city in doc.text
        ]
        return Facts(doc=doc.name, doc_id=doc.id, language=doc.language, countries=countries)


def make_city_extractor(settings):
    return CityExtractor(settings)


@pytest.fixture(autouse=True, scope="module")
def _environment_restored():
    """Dask's LocalCluster writes MALLOC_TRIM_THRESHOLD_ and OMP_NUM_THREADS into this
    process's environment for its workers; later tests (the server's malloc trimmer, which
    defers to an operator's MALLOC_TRIM_THRESHOLD_) must not inherit them."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="module")
def cluster():
    import cloudpickle
    from distributed import Client, LocalCluster

    # The workers cannot import this test module: ship the stand-in extractor by value.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        )
    client = Client(local)
    yield local.scheduler_address, client
    client.close()
    local.close()
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture
def scheduler(cluster):
    address, client = cluster
    client.wait_for_workers(2, timeout=60)  # a worker killed by a test comes back first
    return address


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name, text in FICTIONAL.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def _contents(store):
    """Documents in stored order with their facts, as JSON: what an export would hold."""
    return [
        (doc.to_dict(), (store.get_facts(doc.id) or Facts(doc="-")).to_dict())
        for doc in store.iter_documents()
    ]


def test_distributed_stores_what_in_process_stores(tmp_path, folder, settings, scheduler):
    items = list(iter_files([folder]))
    with SQLiteStore(tmp_path / "a.db") as a, SQLiteStore(tmp_path / "b.db") as b:
        local = [o.summary() for o in ingest_items(a, items, settings, CityExtractor(settings))]
        spread = [
            o.summary()
            for o in ingest_items_distributed(
                b, items, settings, scheduler=scheduler, factory=make_city_extractor, chunk=3
            )
        ]
        assert spread == local  # same outcomes, in input order
        assert _contents(b) == _contents(a)
        assert len(_contents(b)) == len(FICTIONAL)


def test_distributed_bad_files_are_one_line_each_and_the_rest_is_stored(
    tmp_path, folder, settings, scheduler
):
    (folder / "03_broken.txt").write_text("Notes from Puno. BROKEN-RULE\n", encoding="utf-8")
    (folder / "04_empty.txt").write_bytes(b"")
    (folder / "05_noise.bin").write_bytes(bytes(range(256)) * 16)
    with SQLiteStore(tmp_path / "s.db") as store:
        outcomes = list(
            ingest_items_distributed(
                store,
                iter_files([folder]),
                settings,
                scheduler=scheduler,
                factory=make_city_extractor,
                chunk=4,
            )
        )
        failed = {os.path.basename(o.path): o.summary() for o in outcomes if o.is_failed}
        assert set(failed) == {"03_broken.txt", "04_empty.txt", "05_noise.bin"}
        assert "extraction failed: " in failed["03_broken.txt"]
        assert all("\n" not in line for line in failed.values())
        assert store.stats().documents == len(FICTIONAL)


def test_distributed_worker_death_loses_nothing_else(tmp_path, folder, settings, scheduler):
    (folder / "05_poison.txt").write_text("A report from Huancayo. KILL-WORKER\n", encoding="utf-8")
    with SQLiteStore(tmp_path / "s.db") as store:
        outcomes = list(
            ingest_items_distributed(
                store,
                iter_files([folder]),
                settings,
                scheduler=scheduler,
                factory=make_city_extractor,
                chunk=4,
            )
        )
        by_name = {os.path.basename(o.path): o for o in outcomes}
        poison = by_name.pop("05_poison.txt")
        assert poison.is_failed and poison.reason.startswith("extraction worker failed: ")
        assert "\n" not in poison.summary()
        assert {o.status for o in by_name.values()} == {"added"}
        assert store.stats().documents == len(FICTIONAL)
        assert [h.doc_id for h in store.search("Cusco", country="PE")] == [by_name["00_cusco.txt"].doc_id]


def test_distributed_stored_files_are_not_sent_again(tmp_path, folder, settings, scheduler):
    with SQLiteStore(tmp_path / "s.db") as store:
        first = list(
            ingest_items_distributed(
                store, iter_files([folder]), settings, scheduler=scheduler, factory=make_city_extractor
            )
        )
        (folder / "copy.txt").write_bytes((folder / "00_cusco.txt").read_bytes())
        again = list(
            ingest_items_distributed(
                store, iter_files([folder]), settings, scheduler=scheduler, factory=make_city_extractor
            )
        )
        assert {o.status for o in first} == {"added"}
        assert {o.status for o in again} == {"duplicate"}
        assert [o.doc_id for o in again if "copy" not in o.path] == [o.doc_id for o in first]


@pytest.mark.parametrize(("workers", "address"), [(None, None), (2, "tcp://127.0.0.1:1"), (0, None)])
def test_distributed_needs_one_of_workers_or_scheduler(tmp_path, settings, workers, address):
    with SQLiteStore(tmp_path / "s.db") as store, pytest.raises(ConfigError):
        list(ingest_items_distributed(store, [], settings, workers=workers, scheduler=address))


def test_cli_ingest_scheduler_matches_in_process_on_shared_corpus(tmp_path, shared, scheduler, extractor):
    """The issue's check: the real extractor on two workers stores the same documents and facts."""
    paths = [str(shared / "corpus" / "seeds"), str(shared / "corpus" / "dev" / "docs")]
    runner = CliRunner()
    urls = {name: f"sqlite:///{tmp_path / name}.db" for name in ("local", "dask")}
    local = runner.invoke(cli, ["ingest", *paths], env={"TIPWATCH_DB_URL": urls["local"]})
    spread = runner.invoke(
        cli, ["ingest", *paths, "--scheduler", scheduler], env={"TIPWATCH_DB_URL": urls["dask"]}
    )
    assert local.exit_code == 0, local.output
    assert spread.exit_code == 0, spread.output
    assert spread.output == local.output
    with SQLiteStore(tmp_path / "local.db") as a, SQLiteStore(tmp_path / "dask.db") as b:
        left, right = _contents(a), _contents(b)
    assert len(left) >= 10
    assert json.dumps(right, sort_keys=True) == json.dumps(left, sort_keys=True)


def test_cli_ingest_workers_starts_a_local_cluster(tmp_path, folder):
    result = CliRunner().invoke(
        cli,
        ["ingest", str(folder), "--workers", "1"],
        env={"TIPWATCH_DB_URL": f"sqlite:///{tmp_path / 'w.db'}"},
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"ingested {len(FICTIONAL)} documents, 0 already stored, 0 failed")
