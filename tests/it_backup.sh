#!/bin/sh
# it_backup.sh [BUILD_DIR]: the center's record copied while the display
# runs, then restored on a fresh data directory, as the IT guide says.
#
# Checked: `goiso-display backup FILE` during a stream of calls gives a
# copy that SQLite finds whole; `backup --keep N DIR/` keeps the newest N;
# a copy restored (events.db, keys, site.key) and replayed shows the same
# STATUS as the display had when the copy was taken, and the same counter
# key still logs in; a bad use exits 2 and a missing log exits 1.
. "$(dirname "$0")/shtest.sh"

call() { d=$1; shift; "$B/goiso-caller" --connect "$ADDR" --key "$d/site.key" "$@" 2>&1; }

mkdir -p "$T/live"
display_start "$T/live"
call "$T/live" --counter 1 login "Nguyễn Văn An" >/dev/null
call "$T/live" --counter 2 login "Trần Thị Bình" >/dev/null
for s in A A B C A; do call "$T/live" issue $s >/dev/null; done
call "$T/live" --counter 1 next >/dev/null
call "$T/live" --counter 2 next >/dev/null
before=$(call "$T/live" status)
out=$("$B/goiso-display" backup --data "$T/live" "$T/copy.db" 2>&1)
check "backup FILE while the display runs prints the copy ($out)" test "$out" = "$T/copy.db"
# calls go on while copies are taken
for i in 1 2 3; do call "$T/live" issue A >/dev/null; "$B/goiso-display" backup --data "$T/live" --keep 2 "$T/nightly/" >/dev/null; sleep 1.1; done
n=$(ls "$T/nightly"/events-*.db 2>/dev/null | wc -l)
check "backup --keep 2 DIR/ keeps the newest two copies ($n)" test "$n" -eq 2
check "each copy comes with its keys and site key" test -s "$T/copy.db.keys" -a -s "$T/copy.db.site.key"
mode=$(stat -c %a "$T/copy.db")
check "the copy is mode 0600 ($mode)" test "$mode" = 600
check "SQLite finds the copy whole (integrity_check)" \
	sh -c "python3 -c \"import sqlite3,sys; c=sqlite3.connect('file:$T/copy.db?mode=ro', uri=True); sys.exit(c.execute('pragma integrity_check').fetchone()[0] != 'ok')\""
display_stop
check "the display stopped cleanly after the backups" test $? -eq 0

# Restore as the guide says: a fresh data directory from the copy.
mkdir -p "$T/restored"
cp "$T/copy.db" "$T/restored/events.db"
cp "$T/copy.db.keys" "$T/restored/keys"
cp "$T/copy.db.site.key" "$T/restored/site.key"
chmod 600 "$T/restored"/*
display_start "$T/restored"
after=$(call "$T/restored" status)
check "the restored display replays to the same STATUS" test "$before" = "$after"
case $after in *"cấp 5 số"*) ok "STATUS counts the five tickets issued before the copy" ;; *) bad "STATUS after restore: $after" ;; esac
out=$(call "$T/restored" issue A)
case $out in *A004*) ok "numbering goes on from the copy ($out)" ;; *) bad "next number after restore: $out" ;; esac
display_stop
check "the restored display stopped cleanly" test $? -eq 0

"$B/goiso-display" backup --data "$T/live" >/dev/null 2>&1
check "backup without a destination is a usage error (exit 2)" test $? -eq 2
"$B/goiso-display" backup --data "$T/nothing" "$T/x.db" >/dev/null 2>&1
check "backup of a missing log fails (exit 1)" test $? -eq 1
check "and leaves no empty copy behind" test ! -e "$T/x.db"
finish
