#!/usr/bin/env python3
"""Writes every case folder of tests/forms from the case definitions (cases_*.py).

    python3 tests/forms/tools/gen.py            # all cases
    python3 tests/forms/tools/gen.py cf7-basic  # only the named ones
"""
import glob
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "cases_*.py"))):
        importlib.import_module(os.path.splitext(os.path.basename(path))[0])
    names = [c.name for c in lib.ALL]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit("duplicate case names: " + ", ".join(sorted(duplicates)))
    wanted = set(argv[1:])
    unknown = wanted - set(names)
    if unknown:
        sys.exit("unknown cases: " + ", ".join(sorted(unknown)))
    written = 0
    for case in lib.ALL:
        if wanted and case.name not in wanted:
            continue
        case.write(lib.FORMS)
        written += 1
    if not wanted:
        # Folders of cases that no longer exist.
        for entry in sorted(os.listdir(lib.FORMS)):
            folder = os.path.join(lib.FORMS, entry)
            if os.path.isfile(os.path.join(folder, "site.json")) and entry not in names:
                print("stale case folder (remove it by hand):", entry)
    kinds = {}
    for case in lib.ALL:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    print(f"wrote {written} case(s); {len(lib.ALL)} defined")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind}: {count}")


if __name__ == "__main__":
    main(sys.argv)
