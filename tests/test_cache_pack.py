"""The pack of a check's parts (parts.py): after a change that leaves every sketch as it
was (a comment, a check-in), the cross-file rules are not run again and their findings
are placed again where the bytes moved, finding by finding the cold check's; a change
that touches what they read runs them; a pack that is not exactly one we wrote, with the
user's secret, is an empty pack that changes no answer."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, session
from okrcli import parts, pickling, sketch, slim
from okrcli.services import check as service
from test_cache_readings import TODAY, answer, edit

Q4 = Path("okrs") / "2026-Q4"
ENGINEERING = f"{Q4}/engineering.yaml"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("OKR_CACHE_DIR", str(path))
    return path


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    # a cross-file finding to move: engineering aligns to an objective that is not there
    edit(root, ENGINEERING, "aligns_to: company/operations", "aligns_to: company/nowhere")
    return root


@pytest.fixture
def crossings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per run of the cross-file rules."""
    runs: list[int] = []
    real = sketch.cross

    def counting(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(sketch, "cross", counting)
    return runs


def lines_of(found: tuple, code: str) -> list[int]:
    return [d["line"] for d in found[0] if d["code"] == code and d["path"] == ENGINEERING]


def test_a_comment_above_a_cross_file_finding_moves_it_without_the_rules(ws, cache_dir,
                                                                         crossings):
    cold = answer(ws, cold=True)
    assert lines_of(cold, "OKR103"), cold
    assert answer(ws) == cold
    crossings.clear()
    path = ws / ENGINEERING
    path.write_bytes(b"# moved down a line\n" + path.read_bytes())
    incremental = answer(ws)
    assert crossings == []  # no sketch changed: the last check's findings, placed again
    moved = answer(ws, cold=True)
    assert incremental == moved
    assert lines_of(moved, "OKR103") == [n + 1 for n in lines_of(cold, "OKR103")]
    one = [ws / ENGINEERING]
    assert answer(ws, one) == answer(ws, one, cold=True)


def test_a_check_in_added_runs_no_cross_file_rule(ws, cache_dir, crossings):
    answer(ws)
    crossings.clear()
    edit(ws, f"{Q4}/sales.yaml", "          - date: 2026-10-16\n            value: 18\n",
         "          - date: 2026-10-16\n            value: 18\n"
         "          - date: 2026-11-20\n            value: 19\n")
    assert answer(ws) == answer(ws, cold=True)
    assert len(crossings) == 1  # the cold one only


def test_a_changed_reference_runs_them_again(ws, cache_dir, crossings):
    answer(ws)
    crossings.clear()
    edit(ws, ENGINEERING, "aligns_to: company/nowhere", "aligns_to: company/operations")
    incremental = answer(ws)
    assert crossings == [1]
    assert incremental == answer(ws, cold=True)
    assert not lines_of(incremental, "OKR103")


def test_one_pack_per_workspace_and_options_holding_this_checks_files(ws, cache_dir):
    answer(ws)
    folder = cache_dir / parts.FOLDER
    packs = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert len(packs) == 1 and packs[0].endswith(".pack")
    before = (folder / packs[0]).stat().st_mtime_ns
    service.run(session(ws), TODAY)  # nothing changed: the answer of check/, no pack written
    assert (folder / packs[0]).stat().st_mtime_ns == before
    service.run(session(ws), TODAY, ignore=[service.rule("OKR209")])
    assert len([p for p in folder.iterdir() if not p.name.startswith(".")]) == 2


# --- hostile packs --------------------------------------------------------------------------


def the_pack(cache_dir: Path) -> Path:
    (found,) = (p for p in (cache_dir / parts.FOLDER).iterdir() if p.suffix == ".pack")
    return found


def seal(cache_dir: Path, payload: bytes, secret: bytes | None = None) -> bytes:
    secret = (cache_dir / "secret").read_bytes() if secret is None else secret
    return hmac.new(secret, payload, hashlib.sha256).hexdigest().encode() + b"\n" + payload


def without_findings(cache_dir: Path, path: Path) -> bytes:
    """The pack an attacker wants: every part without its diagnostics, no cross-file
    finding (so that every file would pass)."""
    data = pickling.loads(path.read_bytes().partition(b"\n")[2])
    entries = {k: ((), (), group, blob) for k, (_, _, group, blob) in data[2].items()}
    return pickling.dumps((data[0], data[1], entries, None))


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/okr-pwned-pack",))


WAYS = {
    "torn": lambda cache_dir, path: path.read_bytes()[: path.stat().st_size // 2],
    "forged without the secret": lambda cache_dir, path: seal(
        cache_dir, without_findings(cache_dir, path), b"x" * 32),
    "no MAC": lambda cache_dir, path: without_findings(cache_dir, path),
    "sealed, a foreign class": lambda cache_dir, path: seal(cache_dir, pickle.dumps(Evil())),
    "sealed, another pack's name": lambda cache_dir, path: seal(cache_dir, pickling.dumps(
        (parts.FORMAT, "other.pack", {}, None))),
    "sealed, a part of another shape": lambda cache_dir, path: seal(cache_dir, pickling.dumps(
        (parts.FORMAT, path.name, {"k": ((("x",),), (), None, b"")}, None))),
    "sealed, not a pickle": lambda cache_dir, path: seal(cache_dir, b"{}"),
}


@pytest.mark.parametrize("way", WAYS)
def test_a_damaged_or_forged_pack_is_an_empty_one(ws, cache_dir, way):
    cold = answer(ws, cold=True)
    assert answer(ws) == cold
    path = the_pack(cache_dir)
    path.write_bytes(WAYS[way](cache_dir, path))
    shutil.rmtree(cache_dir / "check")  # no answer of the whole check: the parts are read
    assert answer(ws) == cold
    assert not Path("/tmp/okr-pwned-pack").exists()


def test_the_forged_pack_would_be_believed_with_the_secret(ws, cache_dir):
    """What the MAC stands against: the same forged pack, sealed with the secret."""
    cold = answer(ws, cold=True)
    answer(ws)
    path = the_pack(cache_dir)
    path.write_bytes(seal(cache_dir, without_findings(cache_dir, path)))
    shutil.rmtree(cache_dir / "check")
    assert answer(ws)[0] != cold[0]


def test_a_pack_others_may_write_is_not_read(ws, cache_dir):
    cold = answer(ws, cold=True)
    answer(ws)
    path = the_pack(cache_dir)
    path.write_bytes(seal(cache_dir, without_findings(cache_dir, path)))
    path.chmod(0o666)
    shutil.rmtree(cache_dir / "check")
    assert answer(ws) == cold


@pytest.mark.parametrize("day", ["2026-11-26", "2027-01-20"])
def test_a_sketch_pickles_to_the_same_bytes_in_every_process(ws, day):
    """The cross-file findings are reused across checks (processes) only if an unchanged
    sketch gives the same bytes whatever the process's string hashes (after the cycle's
    end, with its key results' states)."""
    script = (
        "import sys; from pathlib import Path; from okrcli import pipeline, parts, sketch\n"
        "from okrcli.model import Config, OkrFile\n"
        "from okrcli.checks.policy import Policy\n"
        "import datetime as dt, hashlib\n"
        "root = Path(sys.argv[1]); out = hashlib.sha256()\n"
        "config = pipeline.read(root / 'okr.yaml', (root / 'okr.yaml').read_bytes(), Config)\n"
        "for path in sorted((root / 'okrs').rglob('*.yaml')):\n"
        "    reading = pipeline.read(path, path.read_bytes(), OkrFile)\n"
        "    part = sketch.own_part(config, reading, dt.date.fromisoformat(sys.argv[2]),\n"
        "                           Policy.of(None),\n"
        "                           lambda p: p.name)\n"
        "    out.update(parts.Stored.of(part).blob)\n"
        "print(out.hexdigest())\n")
    import subprocess
    import sys

    seen = {subprocess.run([sys.executable, "-c", script, str(ws), day], check=True, text=True,
                           capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed}
                           ).stdout for seed in ("1", "2", "3")}
    assert len(seen) == 1, seen


def test_a_sketch_that_does_not_load_is_read_again(ws, cache_dir, crossings):
    """Sealed with the secret but a sketch of another shape: the file is read again, the
    answer is the cold check's."""
    cold = answer(ws, cold=True)
    answer(ws)
    path = the_pack(cache_dir)
    data = pickling.loads(path.read_bytes().partition(b"\n")[2])
    entries = {k: (own, owner, group, pickling.dumps(("not", "a sketch")))
               for k, (own, owner, group, _blob) in data[2].items()}
    path.write_bytes(seal(cache_dir, pickling.dumps((data[0], data[1], entries, None))))
    shutil.rmtree(cache_dir / "check")
    crossings.clear()
    assert answer(ws) == cold
    assert crossings == [1]


def test_a_status_pickles_by_its_value_on_every_python():
    """Python 3.11.2 pickles an enum member as a call of getattr, which the cache's
    Loader refuses (found in a fresh clone on the system's Python): okr pickles it as
    its class called with its value."""
    from okrcli.scoring import Status

    payload = pickling.dumps((Status.ON_TRACK, Status.DONE))
    assert b"getattr" not in payload
    assert pickling.loads(payload) == (Status.ON_TRACK, Status.DONE)


def test_a_key_results_state_pickles_slot_by_slot_and_refuses_what_is_not_one():
    """A ``KRState`` loads by its slots in their order (not the dataclass's own
    ``__setstate__``, which asks ``fields()`` every time): equal, every slot set, its
    check-ins as they were; one pickled the dataclass's way still loads; a state of the
    wrong shape, or set on anything but a state, is an ``UnpicklingError``."""
    import datetime as dt
    import pickle

    from okrcli.scoring import KRState, Seen, Status

    state = KRState("metric", 0, 10, None, None, dt.date(2026, 12, 31), 4, 0.4, 0.4, 0.5,
                    Status.AT_RISK, 0.6, dt.date(2026, 11, 2), False, False, None,
                    (Seen(dt.date(2026, 11, 2), 4, 0.6, "第二次"),))
    payload = pickling.dumps([state, state])
    again = pickling.loads(payload)
    assert again == [state, state] and again[0] is again[1]
    assert [getattr(again[0], n) for n in KRState.__slots__] == [
        getattr(state, n) for n in KRState.__slots__]
    assert b"restore_state" in payload
    import io

    buffer = io.BytesIO()  # as entries were written before: the dataclass's own state
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = {k: v for k, v in pickling._TABLE.items() if k is not KRState}
    pickler.dump(state)
    assert b"restore_state" not in buffer.getvalue()
    assert pickling.loads(buffer.getvalue()) == state
    with pytest.raises(pickle.UnpicklingError):
        pickling.restore_state(object.__new__(KRState), (1, 2))
    with pytest.raises(pickle.UnpicklingError):
        pickling.restore_state(object.__new__(KRState), list(range(len(KRState.__slots__))))
    with pytest.raises(pickle.UnpicklingError):  # only a state is set back, never another
        pickling.restore_state(Status.ON_TRACK, tuple(range(len(KRState.__slots__))))
    assert Status.ON_TRACK.value == "on_track" and not hasattr(Status.ON_TRACK, "score")


def _by_model_copy(doc):
    """A sketch's model as Pydantic's own copy makes it (what slim.without replaces)."""
    return doc.model_copy(update={"objectives": [o.model_copy(update={
        "key_results": [kr.model_copy(update={"checkins": [], "changes": []})
                        for kr in o.key_results]}) for o in doc.objectives]})


def _models(doc):
    yield doc
    for o in doc.objectives:
        yield o
        yield from o.key_results


def test_a_sketch_is_what_pydantics_copy_gives_in_less_memory(ws):
    """The sketches of a large workspace are held at once (at 10,000 files most of a
    check's memory): one empty list for every key result's check-ins and changes, one set
    of fields given for each set of names, and the repeated words (kind, unit, owner) one
    string each; the model equal to Pydantic's ``model_copy``, field by field, with the
    same fields given; the same bytes in the pack for the same file read twice."""
    from okrcli import pipeline
    from okrcli.model import OkrFile

    files = sorted((ws / "okrs").rglob("*.yaml"))
    docs = [pipeline.read(path, path.read_bytes(), OkrFile).model for path in files]
    docs = [doc for doc in docs if isinstance(doc, OkrFile)]
    assert len(docs) >= 5
    stripped = [slim.without(doc, ("checkins", "changes")) for doc in docs]
    for doc, ours in zip(docs, stripped, strict=True):
        theirs = _by_model_copy(doc)
        assert ours == theirs and ours.model_dump() == theirs.model_dump()
        assert [m.model_fields_set for m in _models(ours)] == [
            m.model_fields_set for m in _models(theirs)]
        assert pickling.loads(pickling.dumps(ours)) == theirs
        assert doc.objectives[0].key_results[0].checkins  # the file's own model untouched
    krs = [kr for doc in stripped for o in doc.objectives for kr in o.key_results]
    assert len({id(kr.checkins) for kr in krs}) == 1 and krs[0].checkins == []
    assert len({id(kr.__pydantic_fields_set__) for kr in krs}) < len(krs) / 2
    kinds = [kr.kind for kr in krs if kr.kind == "metric"]
    assert len({id(kind) for kind in kinds}) == 1 < len(kinds)
    again = [pipeline.read(path, path.read_bytes(), OkrFile).model for path in files]
    assert [pickling.dumps(slim.without(doc, ("checkins", "changes"))) for doc in again if
            isinstance(doc, OkrFile)] == [pickling.dumps(doc) for doc in stripped]
    loaded = pickling.loads(pickling.dumps(stripped))  # as a pack's sketches load
    given = [m.__pydantic_fields_set__ for doc in loaded for m in _models(doc)]
    assert len({id(s) for s in given}) < len(given) / 2
    assert loaded == stripped


def test_a_pack_written_lets_go_of_the_sketches(ws, cache_dir):
    """Writing the pack is a part's last use: its sketch is let go, only its bytes kept
    (a sketch asked for again loads from them)."""
    from okrcli import pipeline
    from okrcli.checks.policy import Policy
    from okrcli.model import Config, OkrFile

    config = pipeline.read(ws / "okr.yaml", (ws / "okr.yaml").read_bytes(), Config)
    path = ws / ENGINEERING
    part = parts.Stored.of(sketch.own_part(
        config, pipeline.read(path, path.read_bytes(), OkrFile), TODAY, Policy.of(None),
        lambda p: p.name))
    before = part.sketch(path)
    assert before is not None and before.model is not None
    blob = part.blob
    assert part.packed() == blob and part._sketch is None
    again = part.sketch(path)
    assert again is not None and again is not before and again.model == before.model
