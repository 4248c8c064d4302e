"""lost_update_sqlite.py - the lost update, with Python's own sqlite3: two
threads each read a counter and write it back plus one, in what looks like
one transaction.

    python3 lost_update_sqlite.py [MODE [DBPATH]]

MODE is implicit (the default: the sqlite3 module's own transaction
handling, which opens a transaction only before the UPDATE, so the SELECT
runs outside it) or immediate (an explicit BEGIN IMMEDIATE before the
SELECT: the second writer waits for the first). DBPATH defaults to
lost_update_py.sqlite in the current directory. Prints "counter=N"; exits
1 when the counter is not 2 (an update was lost).
"""
import sqlite3
import sys
import threading

mode = sys.argv[1] if len(sys.argv) > 1 else "implicit"
path = sys.argv[2] if len(sys.argv) > 2 else "lost_update_py.sqlite"
if mode not in ("implicit", "immediate"):
    sys.exit("usage: lost_update_sqlite.py [implicit|immediate [DBPATH]]")

with sqlite3.connect(path) as setup:
    setup.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
    setup.execute("INSERT OR REPLACE INTO counter VALUES (1, 0)")


def increment():
    if mode == "implicit":
        conn = sqlite3.connect(path, timeout=5)
    else:
        conn = sqlite3.connect(path, timeout=5, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    (value,) = conn.execute("SELECT value FROM counter WHERE id = 1").fetchone()
    conn.execute("UPDATE counter SET value = ? WHERE id = 1", (value + 1,))
    if mode == "immediate":
        conn.execute("COMMIT")
    else:
        conn.commit()
    conn.close()


threads = [threading.Thread(target=increment) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()

(counter,) = setup.execute("SELECT value FROM counter WHERE id = 1").fetchone()
setup.close()
print("counter=%d" % counter)
sys.exit(0 if counter == 2 else 1)
