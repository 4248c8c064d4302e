"""lost_update_sqlalchemy.py - the lost update, in plain SQLAlchemy: two
threads each run a transaction that reads a counter and writes it back plus
one, against PostgreSQL through psycopg2.

    python3 lost_update_sqlalchemy.py [URL]

URL defaults to postgresql+psycopg2:// (libpq's environment: PGHOST,
PGPORT, PGUSER, PGDATABASE...). Prints "counter=N"; exits 1 when the
counter is not 2 (an update was lost).

Nothing here knows about shuffle-run: run it under
    shuffle-run --strategy exhaustive --points sql -- /usr/bin/python3 lost_update_sqlalchemy.py
"""
import sys
import threading

from sqlalchemy import create_engine, text

engine = create_engine(sys.argv[1] if len(sys.argv) > 1 else "postgresql+psycopg2://")

with engine.begin() as conn:
    conn.execute(text("CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, value int NOT NULL)"))
    conn.execute(text("INSERT INTO counter VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET value = 0"))


def increment():
    with engine.begin() as conn:
        value = conn.execute(text("SELECT value FROM counter WHERE id = 1")).scalar_one()
        conn.execute(text("UPDATE counter SET value = :v WHERE id = 1"), {"v": value + 1})


threads = [threading.Thread(target=increment) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()

with engine.connect() as conn:
    counter = conn.execute(text("SELECT value FROM counter WHERE id = 1")).scalar_one()
print("counter=%d" % counter)
sys.exit(0 if counter == 2 else 1)
