#!/bin/sh
# it_schema.sh [BUILD_DIR]: a log written by an older goiso is migrated in
# place, every row kept; a log of a newer goiso is refused untouched.
#
# tests/fixtures/log-schema1.sql is a day's log written by the goiso before
# 0.3 (schema 1: logins, tickets of four services, a priority call, a no-show,
# a pause). The display is started on it with its clock set to that day,
# as after an upgrade on the same day.
. "$(dirname "$0")/shtest.sh"
FIX=$ROOT/tests/fixtures/log-schema1.sql
sql() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [print('|'.join(map(str,r))) for r in c.execute(sys.argv[2])]" "$@"; }
# Every display here runs on the clock skewed by the file $T/skew.
export GOISO_TEST_CLOCK_SKEW="$T/skew"
start() { display_start "$D"; }
stop() { display_stop; }

# The clock one minute after the fixture's last event.
last=$(grep -o "VALUES([0-9]*,[0-9]*,[0-9]*" "$FIX" | tail -n 1 | cut -d, -f3)
now=$(date +%s%3N)
echo $((last + 60000 - now)) > "$T/skew"
D=$T/data
mkdir -p "$D"
start                      # first set-up: keys and an empty log of today's schema
stop
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read())" \
	"$T/old.db" "$FIX"
rm -f "$D/events.db" "$D/events.db-wal" "$D/events.db-shm"
cp "$T/old.db" "$D/events.db"
rows_before=$(sql "$T/old.db" "SELECT * FROM events ORDER BY seq")
maxseq=$(sql "$T/old.db" "SELECT MAX(seq) FROM events")

start
check "the display starts on a schema-1 log" test -n "$ADDR"
check "and says it migrated it" grep -q "migrated from schema 1 to 2" "$D/display.log"
status=$("$B/goiso-caller" --connect "$ADDR" --key "$D/site.key" status 2>&1)
case $status in *"cấp 6 số, đang chờ 3 người"*) ok "its day replays: 6 tickets issued, 3 waiting" ;;
	*) bad "STATUS on the migrated log: $status" ;; esac
out=$("$B/goiso-caller" --connect "$ADDR" --key "$D/site.key" issue A 2>&1)
case $out in *A005*) ok "numbering goes on from the old log ($out)" ;; *) bad "the next ticket: $out" ;; esac
stop
check "the display stops cleanly" test $? -eq 0
rows_after=$(sql "$D/events.db" "SELECT * FROM events WHERE seq <= $maxseq ORDER BY seq")
check "every row of the old log is kept, byte for byte" test "$rows_before" = "$rows_after"
check "the log now says schema 2" test "$(sql "$D/events.db" "SELECT value FROM meta WHERE key='schema'")" = 2
check "and carries goiso's application id" test "$(sql "$D/events.db" "PRAGMA application_id")" = 1735354739
created=$(sql "$D/events.db" "SELECT value FROM meta WHERE key='created'")
first=$(sql "$D/events.db" "SELECT MIN(at_ms) FROM events")
check "the record's start is the first event's time ($created)" test "$created" = "$first"

start                      # a second start finds nothing to migrate
stop
n=$(grep -c "migrated from schema" "$D/display.log")
check "a migrated log is migrated once ($n)" test "$n" -eq 1

python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE meta SET value='3' WHERE key='schema'\"); c.commit(); c.execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$D/events.db"
sum=$(md5sum < "$D/events.db")
"$B/goiso-display" --data "$D" --listen 127.0.0.1:0 --headless --no-mdns 2>"$T/newer.log" &
PID=$!
wait "$PID"
st=$?
PID=
check "a log of a newer goiso is refused (exit $st)" test "$st" -ne 0
check "with a message that says so" grep -q "written by a newer goiso (log schema 3" "$T/newer.log"
check "and the log is left untouched" test "$(md5sum < "$D/events.db")" = "$sum"
finish
