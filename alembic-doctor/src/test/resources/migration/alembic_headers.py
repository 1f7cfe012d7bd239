"""Test oracle: what REAL Alembic reads from a script directory's revision files, as JSON lines.

Usage: python3 alembic_headers.py <directory holding versions/>. Alembic imports (runs) the revision
files to read them; Medic's reader must agree without running anything.
"""
import json
import os
import sys

from alembic import util
from alembic.script import ScriptDirectory

scripts = ScriptDirectory(sys.argv[1])
for script in scripts.walk_revisions():
    print(json.dumps({
        "file": os.path.basename(script.path),
        "revision": script.revision,
        # as declared in the file (Alembic also derives inherited labels and dependency edges)
        "down": list(script._versioned_down_revisions),
        "labels": sorted(script._orig_branch_labels),
        "depends": list(util.to_tuple(script.dependencies, default=())),
        "message": script.doc.split("\n")[0].strip(),
    }, sort_keys=True))
