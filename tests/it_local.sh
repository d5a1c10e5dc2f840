#!/bin/sh
# it_local.sh [BUILD_DIR]: what `nc` can still do, as shared/PROTOCOL.md
# §2.2 says. On the display PC, as the daemon's user, the local socket
# <data>/goiso.sock (mode 0600) takes requests in clear as the site key;
# another user cannot use it; over TCP nc sees the greeting and errors,
# and nothing it types after that is acted on.
. "$(dirname "$0")/shtest.sh"

if ! command -v nc >/dev/null 2>&1; then
	bad "nc is installed (make deps: netcat-openbsd)"
	finish; exit
fi
D=$T/data
mkdir -m 0700 "$D"
display_start "$D"
S=$D/goiso.sock

check "the local socket is there, mode 0600" [ -S "$S" -a "$(stat -c %a "$S")" = 600 ]
printf '1 STATUS\n' | nc -U -q1 "$S" > "$T/status.out" 2>&1
check "nc -U: greeted as the site key" grep -q '^GOISO 1 role=admin' "$T/status.out"
check "nc -U: STATUS answered in clear" grep -q '^1 OK day=' "$T/status.out"
printf '2 LOGIN officer="Nguyễn Văn An" counter=1\n3 ISSUE service=A\n4 NEXT counter=1\n' |
	nc -U -q1 "$S" > "$T/call.out" 2>&1
check "nc -U: a script logs in, issues and calls" grep -q '^4 OK ticket=A001' "$T/call.out"
check "nc -U: ... and the call is in the log as the local admin" \
	sh -c "sqlite3 '$D/events.db' \"SELECT COUNT(*) FROM events WHERE verb='NEXT' AND principal='local/admin/0'\" | grep -qx 1"

# another user of the PC cannot use it
setpriv --reuid=65534 --regid=65534 --clear-groups nc -U -q1 "$S" < /dev/null > "$T/other.out" 2>&1
check "another user gets nothing from it (permission denied)" \
	sh -c "! grep -q GOISO '$T/other.out' && grep -qi 'permission denied' '$T/other.out'"

# even with the modes opened up, the daemon checks who is on the other end
chmod 0755 "$T" "$D"; chmod 0666 "$S"
setpriv --reuid=65534 --regid=65534 --clear-groups nc -U -q1 "$S" < /dev/null > "$T/other2.out" 2>&1
chmod 0700 "$T" "$D"; chmod 0600 "$S"
check "another user is closed on even if the file modes let it in" \
	sh -c "! grep -q GOISO '$T/other2.out' && ! grep -qi 'permission denied' '$T/other2.out'"

# over TCP: the greeting, errors, and nothing acted on
HOST=${ADDR%:*}
PORT=${ADDR##*:}
printf '5 NEXT counter=1\n' | nc -q1 "$HOST" "$PORT" > "$T/tcp.out" 2>&1
check "nc over TCP: the greeting" grep -q '^GOISO 1 nonce=' "$T/tcp.out"
check "nc over TCP: a request before AUTH is refused" grep -q '^5 ERR auth_required' "$T/tcp.out"
n=$(printf '6 PAIR\n' | nc -q1 "$HOST" "$PORT" 2>&1 | grep -c '^6 ERR no_code')
check "nc over TCP: PAIR answers (no code pending)" [ "$n" = 1 ]
check "nothing typed over TCP was acted on" \
	sh -c "[ \$(sqlite3 '$D/events.db' \"SELECT COUNT(*) FROM events WHERE verb='NEXT'\") = 1 ]"
finish
