#!/bin/sh
# it_report_names.sh [BUILD_DIR]: one officer is one row in the director's
# report, however the counter's input method and hands typed the name. A
# counter logs in as "Lê Thị Mai" in combining marks (Unicode tổ hợp, NFD),
# serves a citizen and logs out, then as "Lê Thị Mai " precomposed (NFC)
# with a space after, and serves another: the log holds one form, the
# report one row with 2 served, and --officer "lê thị mai" finds it.
. "$(dirname "$0")/shtest.sh"

cat >"$T/center.conf" <<'CONF'
[center]
name = Trung tâm thử
utc_offset = +7
[service A]
name = Tư pháp - Hộ tịch
hours = 00:00-24:00
[counter 3]
services = A
CONF
D=$T/data
mkdir -m 0700 "$D"
display_start "$D" --config "$T/center.conf"
call() { "$B/goiso-caller" --connect "$ADDR" --key "$D/site.key" --counter 3 "$@" >>"$T/caller.out" 2>&1; }
nfd=$(printf 'Le\314\202 Thi\314\243 Mai')      # e U+0302, i U+0323
nfc=$(printf 'L\303\252 Th\341\273\213 Mai')    # ê, ị
# step STATUS NAME: one check for the goiso-caller commands just run
step() { if [ "$1" = 0 ]; then ok "$2"; else bad "$2: $(tail -n 3 "$T/caller.out")"; fi; }
call login "$nfd" && call issue A && call next && call done && call logout
step $? "the counter logs in as '$nfd' (NFD), serves, logs out"
call login "$nfc " && call issue A && call next && call done
step $? "... logs in as '$nfc ' (NFC, a space after) and serves"
display_stop

logins=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [print(r[0]) for r in c.execute(\"SELECT DISTINCT text FROM events WHERE verb='LOGIN'\")]" "$D/events.db")
check "the log holds one form of the name: '$nfc'" [ "$logins" = "$nfc" ]

day=$(python3 -c "import sqlite3,sys,datetime; c=sqlite3.connect(sys.argv[1]); print(datetime.date(1970,1,1)+datetime.timedelta(days=c.execute('SELECT MAX(day) FROM events').fetchone()[0]))" "$D/events.db")
"$B/goiso-report" --day "$day" --config "$T/center.conf" --csv "$T/all" "$D/events.db" >"$T/report.out" 2>&1
# can-bo.csv: a byte order mark, a header, then one line per officer
rows=$(sed 1d "$T/all/can-bo.csv" | tr -d '\r')
check "the report has one row for her, with 2 served" [ "$(echo "$rows" | cut -d, -f1,2)" = "$nfc,2" ]
check "... and only that row" [ "$(echo "$rows" | wc -l)" = 1 ]

"$B/goiso-report" --day "$day" --config "$T/center.conf" --officer "l$(printf '\303\252') th$(printf '\341\273\213') mai" \
	--csv "$T/one" "$D/events.db" >"$T/report1.out" 2>&1
rows=$(sed 1d "$T/one/can-bo.csv" | tr -d '\r')
check "--officer 'lê thị mai' finds her, 2 served" [ "$(echo "$rows" | cut -d, -f1,2)" = "$nfc,2" ]
finish
