"""Opening a store to write: a --store path whose folders do not exist yet is made, and a
failure that is not another build's lock says so, not "another process is writing"."""
import pytest

from readout.errors import StoreError
from readout.store.embedded import open_store


def test_store_in_folders_that_do_not_exist_is_made(tmp_path):
    path = tmp_path / "new" / "nested" / "store"
    db = open_store(path, create=True)
    db.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    del db
    assert len(list(open_store(path).quads_for_pattern(None, None, None))) == 1


def test_store_under_a_file_fails_with_a_hint_that_is_not_the_lock(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StoreError) as err:
        open_store(tmp_path / "afile" / "store", create=True)
    assert "can be written" in str(err.value) and "another readout process" not in str(err.value)


def test_store_held_by_another_writer_names_the_lock(tmp_path):
    path = tmp_path / "store"
    held = open_store(path, create=True)
    with pytest.raises(StoreError, match="another readout process"):
        open_store(path, create=True)
    del held


def test_missing_store_is_not_made_when_only_read(tmp_path):
    with pytest.raises(StoreError, match="run 'readout build' first"):
        open_store(tmp_path / "new" / "store")
    assert not (tmp_path / "new").exists()
