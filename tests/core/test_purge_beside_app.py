"""`casebook purge` while the app has the folder open: the app has no purge, so the refusal
must not say "Do this in the open Casebook window" (a stranger looked for it there); it says
to close Casebook first, exit 3, and the case stays in the trash."""

from __future__ import annotations

import subprocess
import sys

from core.cli import main
from core.services import open_casebook
from tests.conftest import REFERENCE_CASEBOOK
from tests.core.test_cli import HOLDER

C1 = "SEED-C1-CAO2023"


def test_purge_beside_the_app_says_to_close_it_first(data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    casebook = open_casebook(data_home)
    casebook.cases.trash_case(C1)
    casebook.close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_home)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = subprocess.run([sys.executable, "-m", "core.cli", "--data-dir", str(data_home),
                                 "purge", C1, "--reason", "Entered twice"],
                                capture_output=True, text=True, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 3
    assert "in the open Casebook window" not in result.stderr
    assert "Purging is done on the command line only: close Casebook there first" \
        in result.stderr
    assert "Traceback" not in result.stderr
    listing = subprocess.run([sys.executable, "-m", "core.cli", "--data-dir", str(data_home),
                              "list", "--trash"], capture_output=True, text=True, timeout=60)
    assert C1 in listing.stdout
