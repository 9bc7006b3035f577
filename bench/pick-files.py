#!/usr/bin/env python3
"""Stages host files as the sources of the benchmark's store paths.

usage: pick-files.py OUT_DIR COUNT MEGABYTES ROOT...

Walks each ROOT in sorted order, keeps regular files and symlinks (names that are valid UTF-8
only, as in any real store) until MEGABYTES of file content are taken, each root giving an
equal share, so that every chunk gets a mix (big shared libraries and many small data files).
Each root's selection is cut into COUNT consecutive parts; chunk i gathers
part i of every root under OUT_DIR/chunk-NNN/<path relative to />. Files are hard links where
possible (nothing is copied), else copies. Writes OUT_DIR/chunks.txt ("<chunk> <bytes> <files>"
per line) and prints "<files> <bytes>" of what it staged.
"""
import os
import shutil
import sys

out_dir, count, megabytes, roots = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
budget = megabytes * 1024 * 1024


def entries(root):
    """(path, size) of each regular file and symlink under root, depth first, sorted."""
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            try:
                path.encode("utf-8")
            except UnicodeEncodeError:
                continue  # not valid UTF-8: a real store does not have these either
            if os.path.islink(path):
                yield path, 0
            elif os.path.isfile(path) and os.access(path, os.R_OK):
                yield path, os.path.getsize(path)


# Each root gets an equal share of the budget, taken in sorted order.
selected = []
taken = 0
for root in roots:
    share, part = budget // len(roots), []
    for path, size in entries(root):
        if share <= 0:
            break
        part.append((path, size))
        share -= size
        taken += size
    selected.append(part)

files = 0
chunk_bytes = [0] * count
chunk_files = [0] * count
for part in selected:
    total = sum(size for _, size in part) or 1
    running = 0
    for number, (path, size) in enumerate(part):
        # Halfway between cutting by bytes and by files: no chunk is empty, none is huge.
        position = (running / total + number / len(part)) / 2
        chunk = min(count - 1, int(position * count))
        running += size
        chunk_bytes[chunk] += size
        chunk_files[chunk] += 1
        target = os.path.join(out_dir, "chunk-%03d" % chunk, path.lstrip("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.islink(path):
            os.symlink(os.readlink(path), target)
        else:
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
        files += 1
with open(os.path.join(out_dir, "chunks.txt"), "w") as listing:
    for chunk in range(count):
        os.makedirs(os.path.join(out_dir, "chunk-%03d" % chunk), exist_ok=True)
        listing.write("%d %d %d\n" % (chunk, chunk_bytes[chunk], chunk_files[chunk]))
print(files, taken)
