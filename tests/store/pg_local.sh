#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 on 127.0.0.1:${PGPORT:-54329} in a temp dir and print the URL
# for TIDINGS_TEST_PG_URL. Stop it with: pg_ctl -D <dir> stop (the dir is printed on stderr).
# initdb refuses to run as root, so as root this runs the server as the `postgres` user.
set -euo pipefail
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=${PGPORT:-54329}
DIR=$(mktemp -d /tmp/tidings-pg.XXXXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust >/dev/null
"${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -F -c fsync=off -c synchronous_commit=off" start >/dev/null
echo "data dir: $DIR/data (stop: ${RUN[*]} $BIN/pg_ctl -D $DIR/data stop)" >&2
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
