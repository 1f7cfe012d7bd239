"""Compiles each file named on the command line in a forked child (a crash ends only that child) and prints,
per file, one line: the path, a tab, then OK, REFUSED <exception and message> or CRASH <signal>."""
import os
import sys

for path in sys.argv[1:]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            with open(path, encoding="utf-8") as f:
                compile(f.read(), path, "exec")
            message = "OK"
        except BaseException as e:  # SyntaxError, RecursionError, MemoryError: all mean Alembic cannot import it
            message = "REFUSED " + type(e).__name__ + ": " + str(e).replace("\n", " ")[:200]
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while True:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    outcome = b"".join(chunks).decode() if os.WIFEXITED(status) else "CRASH signal %d" % os.WTERMSIG(status)
    print(path + "\t" + (outcome or "CRASH no answer"), flush=True)
