"""Compiles each file named on the command line in a forked child (a crash ends only that child), one child per
core at a time (a few files near CPython's nested-block limit take seconds each to compile), and prints, per file,
one line in the order the children finish: the path, a tab, then OK, REFUSED <exception and message> or
CRASH <signal>."""
import os
import sys

JOBS = max(1, os.cpu_count() or 1)
running = {}  # pid -> (path, read end of the child's pipe)


def reap():
    pid, status = os.wait()
    path, read_end = running.pop(pid)
    chunks = []
    while True:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    outcome = b"".join(chunks).decode() if os.WIFEXITED(status) else "CRASH signal %d" % os.WTERMSIG(status)
    print(path + "\t" + (outcome or "CRASH no answer"), flush=True)


for path in sys.argv[1:]:
    while len(running) >= JOBS:
        reap()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        # compiled at module level, not from a function: CPython counts the caller's depth against the
        # compiler's recursion limit, and the limits this judges are the ones at that depth
        os.close(read_end)
        try:
            with open(path, encoding="utf-8") as f:
                compile(f.read(), path, "exec")
            message = "OK"
        except BaseException as e:  # SyntaxError, RecursionError, MemoryError: all mean Alembic cannot import it
            message = "REFUSED " + type(e).__name__ + ": " + str(e).replace("\n", " ")[:200]
        os.write(write_end, message.encode())  # a few hundred bytes: fits the pipe, the child never blocks
        os._exit(0)
    os.close(write_end)
    running[pid] = (path, read_end)
while running:
    reap()
